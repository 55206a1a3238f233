"""Text fields take text: control characters and lone surrogates are refused, the same way on every path."""

import re
import sys
import time

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

from safereport import text_input
from safereport.text_input import MULTI_LINE_PATTERN, NON_BLANK_MULTI_LINE_PATTERN, SINGLE_LINE_PATTERN, TextOnlyForm, problem

CONTROLS = [chr(c) for c in range(0x20)] + [chr(c) for c in range(0x7F, 0xA0)]
LINES_AND_TABS = {"\t", "\n", "\r"}
SURROGATES = ["\ud800", "\udbff", "\udc00", "\udfff"]
# Text people write: several scripts, emoji made of joined characters, right-to-left marks, the
# zero-width non-joiner Persian needs. None of it may be refused.
ORDINARY = [
    "He hit me outside the shop.",
    "Me empujó en la parada del autobús.",
    "صاحب العمل أخذ جواز سفري",
    "می\u200cخواهم",
    "ትግርኛ",
    "👩\u200d👧 family",
    "\u200fمرحبا\u200e",
    "naïve café",
    "\u00a0non-breaking\u3000",
]


@pytest.mark.parametrize("char", CONTROLS, ids=[f"U+{ord(c):04X}" for c in CONTROLS])
def test_every_control_character_is_refused_in_single_line_text(char):
    assert problem(f"Sami{char}Ali") is not None


@pytest.mark.parametrize("char", CONTROLS, ids=[f"U+{ord(c):04X}" for c in CONTROLS])
def test_multi_line_text_takes_line_breaks_and_tabs_but_no_other_control_character(char):
    refused = problem(f"first line{char}second line", multiline=True) is not None
    assert refused == (char not in LINES_AND_TABS)


@pytest.mark.parametrize("surrogate", SURROGATES)
@pytest.mark.parametrize("multiline", [False, True])
def test_a_lone_surrogate_is_refused_in_every_kind_of_text(surrogate, multiline):
    assert "broken character" in problem(f"a{surrogate}b", multiline=multiline)


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_text_in_any_script_is_accepted(text):
    assert problem(text) is None and problem(text, multiline=True) is None


ANY_TEXT = st.text(
    st.characters(codec=None, exclude_categories=("Cs",)) | st.sampled_from(CONTROLS + [" ", "\u3000"]), max_size=40
)


@given(ANY_TEXT)
def test_the_published_patterns_say_exactly_what_the_check_accepts(text):
    assert (re.fullmatch(SINGLE_LINE_PATTERN, text) is not None) == (problem(text) is None)
    assert (re.fullmatch(MULTI_LINE_PATTERN, text) is not None) == (problem(text, multiline=True) is None)
    non_blank = problem(text, multiline=True) is None and text.strip() != ""
    assert (re.fullmatch(NON_BLANK_MULTI_LINE_PATTERN, text) is not None) == non_blank


def test_the_spaces_the_non_blank_pattern_skips_are_exactly_what_strip_removes():
    # Every code point but the surrogates and controls: one character is blank exactly when strip() empties it.
    non_blank, controls = re.compile(NON_BLANK_MULTI_LINE_PATTERN), set(CONTROLS)
    mismatched = [
        f"U+{code:04X}"
        for code in range(sys.maxunicode + 1)
        if not 0xD800 <= code <= 0xDFFF
        and chr(code) not in controls
        and (non_blank.fullmatch(chr(code)) is None) != chr(code).isspace()
    ]
    assert mismatched == []


def test_the_non_blank_pattern_stays_fast_on_long_refused_text():
    # Written so no part of a string matches two ways: a long text ending in a control character is
    # refused at once, not after trying every split (which would take minutes at 20,000 characters).
    text = "word " * 4000 + "\x00"
    started = time.perf_counter()
    assert re.fullmatch(NON_BLANK_MULTI_LINE_PATTERN, text) is None
    assert time.perf_counter() - started < 0.5


class _Form(TextOnlyForm):
    name = forms.CharField(required=False)
    story = forms.CharField(required=False, widget=forms.Textarea)
    secret = forms.CharField(required=False, widget=forms.PasswordInput, strip=False)


def test_a_text_only_form_refuses_control_characters_in_every_text_field_naming_it():
    form = _Form({"name": "Sami\x1b[2J", "story": "line one\r\nline two\x07", "secret": "pass\x01word"})
    assert not form.is_valid()
    assert set(form.errors) == {"name", "story"}  # passwords are never shown or stored: left alone
    assert "control characters" in form.errors["name"][0]


def test_a_text_only_form_keeps_line_breaks_in_a_textarea_and_gives_one_error_for_a_nul():
    assert _Form({"story": "line one\r\nline two\tend"}).is_valid()
    form = _Form({"name": "a\x00b"})
    assert not form.is_valid() and len(form.errors["name"]) == 1


def test_the_check_is_one_module_every_path_uses():
    # Each way text comes in validates through text_input: the API's types, Submission.validate,
    # and the reporter's, the staff's and the disclosure register's forms.
    from safereport.intake import submission
    from safereport.web.reporter import api_input
    from safereport.web.reporter import forms as intake_forms
    from safereport.web.staff import cases as case_views
    from safereport.web.staff import disclosure_forms as firewall_forms
    from safereport.web.staff import police as police_views
    from safereport.web.staff import visits as visit_views

    assert submission.text_input is text_input and api_input.text_input is text_input
    for form in (
        intake_forms.WhatHappenedForm,
        intake_forms.WhatYouWantForm,
        intake_forms.ContactForm,
        intake_forms.CodenameForm,
        intake_forms.MessageForm,
        case_views.TextForm,
        case_views.ImmigrationAdviceForm,
        police_views.CrimeReferenceForm,
        firewall_forms.RegisterForm,
        firewall_forms.RefuseForm,
        visit_views.StationForm,
        visit_views.BookingForm,
    ):
        assert issubclass(form, TextOnlyForm), form
