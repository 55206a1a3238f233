"""The reporter journey is complete in Spanish and Arabic, and the compiled catalogues match their sources."""

import ast
import gettext
import html
import re
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.utils.translation.template import templatize

from safereport.accounts.actions import create_organisation
from safereport.intake.models import CrimeType, Report
from safereport.web.reporter.forms import WhatHappenedForm
from safereport.web.reporter.tests.report_form_walk import ReportForm

APP_ROOT = Path(settings.BASE_DIR)
LOCALE = Path(settings.LOCALE_PATHS[0])
LANGUAGES = ("es", "ar")

# The mark makes pytest-django create the test database even when this module runs alone;
# without it the module-scoped journey below would reach the real database.
pytestmark = pytest.mark.django_db

# Everything a reporter can see, as makemessages names it in "#:" references.
REPORTER_TEMPLATES = [
    "templates/base.html",
    "templates/403_csrf.html",
    "templates/404.html",
    "templates/500.html",
    "templates/intake/",
    "templates/firewall/receipt_pdf.html",
    "templates/firewall/_pdf_signature.html",
    "templates/firewall/visit_letter_pdf.html",
    "templates/firewall/_visit_letter_body.html",
    "templates/firewall/_compelled_disclosures.html",
    "templates/firewall/transparency.html",
    "templates/public/",
]
REPORTER_MODULES = [
    "web/reporter/forms.py",
    "intake/consent.py",
    "intake/submission.py",
    "intake/phone.py",
    "intake/withheld.py",
    "web/reporter/police_preview.py",
    "web/reporter/views.py",
    "web/reporter/report_form.py",
    "web/reporter/api_input.py",
    "web/reporter/police_progress.py",
    "web/public/verify.py",
    "web/public/audit_log.py",
    "firewall/document_check.py",
    "intake/models.py",
    "visits/models.py",
    "settings.py",
    "text_input.py",
]
REPORTER_SOURCES = REPORTER_TEMPLATES + REPORTER_MODULES

PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
_PO_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


# --- a small .po reader: the project keeps gettext tools optional, so polib is not a dependency ---


def _unquote(line: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), _PO_STRING.search(line).group(1))


def read_po(path: Path) -> list[dict]:
    """Live entries of a .po file: msgid, msgid_plural, msgstr (list), flags, references."""
    entries = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        entry = {"msgid": None, "msgid_plural": None, "msgstr": [], "flags": set(), "references": []}
        field = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#:"):
                entry["references"] += [ref.rsplit(":", 1)[0] for ref in line[2:].split()]
            elif line.startswith("#"):
                continue  # translator comments, previous msgids, obsolete (#~) entries
            elif line.startswith('"'):
                entry[field] = (
                    entry[field] + _unquote(line)
                    if field != "msgstr"
                    else entry["msgstr"][:-1] + [entry["msgstr"][-1] + _unquote(line)]
                )
            else:
                keyword = line.split(" ", 1)[0]
                field = "msgstr" if keyword.startswith("msgstr") else keyword
                if field == "msgstr":
                    entry["msgstr"].append(_unquote(line))
                else:
                    entry[field] = _unquote(line)
        if entry["msgid"] is not None:
            entries.append(entry)
    return entries


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "django.po"


def catalogue(lang: str) -> list[dict]:
    """Every entry except the header."""
    return [entry for entry in read_po(po_path(lang)) if entry["msgid"] != ""]


def header(lang: str) -> dict[str, str]:
    return header_of(po_path(lang))


def header_of(path: Path) -> dict[str, str]:
    raw = next(entry for entry in read_po(path) if entry["msgid"] == "")["msgstr"][0]
    return dict(line.split(": ", 1) for line in raw.splitlines() if ": " in line)


def is_reporter_entry(entry: dict) -> bool:
    return any(ref.startswith(source) for ref in entry["references"] for source in REPORTER_SOURCES)


# --- the strings marked in reporter sources, found without xgettext ---

_TEMPLATE_CALL = re.compile(r"\b(?:n?gettext)\((u?(?:'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"))")
_MARKERS = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy"}


def marked_in_templates() -> dict[str, str]:
    found = {}
    for prefix in REPORTER_TEMPLATES:
        for path in sorted(APP_ROOT.glob(prefix + "*.html" if prefix.endswith("/") else prefix)):
            for literal in _TEMPLATE_CALL.findall(templatize(path.read_text(encoding="utf-8"), origin=str(path))):
                found[ast.literal_eval(literal)] = str(path.relative_to(APP_ROOT))
    return found


def marked_in_modules() -> dict[str, str]:
    found = {}
    for name in REPORTER_MODULES:
        path = APP_ROOT / name
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in _MARKERS
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found[node.args[0].value] = f"{name}:{node.lineno}"
    return found


# --- catalogue tests ---


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_reporter_message_is_translated_and_not_fuzzy(lang):
    reporter = [entry for entry in catalogue(lang) if is_reporter_entry(entry)]
    assert len(reporter) > 60, "the reporter's strings are missing from the catalogue; run makemessages"
    untranslated = [e["msgid"] for e in reporter if not e["msgstr"] or not all(s.strip() for s in e["msgstr"])]
    fuzzy = [e["msgid"] for e in reporter if "fuzzy" in e["flags"]]
    assert untranslated == [], f"untranslated in {lang}"
    assert fuzzy == [], f"fuzzy (and so silently English) in {lang}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_string_marked_in_reporter_sources_is_in_the_catalogue(lang):
    msgids = {entry["msgid"] for entry in catalogue(lang)}
    marked = marked_in_templates() | marked_in_modules()
    assert len(marked) > 60
    missing = {msgid: where for msgid, where in marked.items() if msgid not in msgids}
    assert missing == {}, "run makemessages from safereport/ and translate the new strings"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translations_keep_every_placeholder(lang):
    broken = []
    for entry in catalogue(lang):
        sources = [entry["msgid"]] + ([entry["msgid_plural"]] if entry["msgid_plural"] else [])
        expected = {frozenset(PLACEHOLDER.findall(source)) for source in sources}
        for msgstr in filter(None, entry["msgstr"]):
            if frozenset(PLACEHOLDER.findall(msgstr)) not in expected:
                broken.append((entry["msgid"], msgstr))
    assert broken == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_plural_rules_match_djangos_own_catalogue_and_every_form_is_given(lang):
    ours = header(lang)["Plural-Forms"]
    django_po = Path(forms.__file__).resolve().parent.parent / "conf" / "locale" / lang / "LC_MESSAGES" / "django.po"
    # Django merges catalogues only when their plural rules agree; otherwise ours would stand apart from its own.
    assert ours == header_of(django_po)["Plural-Forms"]
    nplurals = int(re.search(r"nplurals=(\d+)", ours).group(1))
    plurals = [entry for entry in catalogue(lang) if entry["msgid_plural"]]
    assert plurals and all(len(entry["msgstr"]) == nplurals for entry in plurals)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_compiled_catalogue_matches_the_po_file(lang):
    expected = {}
    for entry in catalogue(lang):
        if "fuzzy" in entry["flags"] or not all(entry["msgstr"]):
            continue  # msgfmt leaves these out, so the .mo must not have them either
        if entry["msgid_plural"]:
            expected |= {(entry["msgid"], i): s for i, s in enumerate(entry["msgstr"])}
        else:
            expected[entry["msgid"]] = entry["msgstr"][0]
    with open(po_path(lang).with_suffix(".mo"), "rb") as mo:
        compiled = {k: v for k, v in gettext.GNUTranslations(mo)._catalog.items() if k != ""}
    assert compiled == expected, "run compilemessages from safereport/"


# --- the pages themselves ---

NARRATIVE = {"es": "Un hombre me pegó delante de la tienda.", "ar": "ضربني رجل أمام المتجر."}


def _visible(response) -> str:
    return html.unescape(response.content.decode())


def walk_reporter_journey(lang: str) -> dict[str, str]:
    """Every reporter page in `lang`, including error states; returns page name -> unescaped HTML."""
    client, pages = Client(), {}
    base = f"/{lang}"
    pages["start"] = _visible(client.get(f"{base}/"))
    pages["what"] = _visible(client.get(f"{base}/report/"))
    form = ReportForm(client, lang)
    pages["what-errors"] = _visible(form.send("what", {"narrative": "", "occurred_on": "2999-01-01", "area": "nowhere"}))
    data = {"crime_type": "assault", "narrative": NARRATIVE[lang], "area": "north"}
    pages["wants"] = _visible(form.send("what", data))
    data.update(wants=["advocate", "interpreter"], interpreter_language="Quechua")
    pages["contact"] = _visible(form.send("wants", data))
    data.update(police_share_contact="no", police_share_narrative="yes")
    opened = client.post(f"{base}/report/", {"step": "contact", "form_token": form.token, "preview": "", **data})
    pages["police-preview"] = _visible(client.get(opened["Location"]))
    pages["police-preview-errors"] = _visible(
        client.post(f"{base}/report/police-preview/", {"form_token": form.token, "withhold": ["99"]})
    )
    client.post(f"{base}/report/police-preview/", {"form_token": form.token, "withhold": ["0"], "done": ""})
    pages["contact-kept-back"] = _visible(client.get(f"{base}/report/?step=contact"))
    client.post(f"{base}/report/police-preview/", {"form_token": form.token, "done": ""})
    pages["contact-errors"] = _visible(form.send("contact", {**data, "email": "not-an-address"}))
    pages["phone-errors"] = _visible(form.send("contact", {**data, "phone": "07700 900123 (evenings only)"}))
    token = form.token
    pages["confirmation"] = _visible(form.send("contact", data))
    pages["codename-shown-once"] = _visible(client.get(f"{base}/report/sent/"))
    pages["sent-already"] = _visible(client.post(f"{base}/report/", {"step": "contact", "form_token": token, **data}))
    codename = re.search(r'id="codename"[^>]*>([^<]+)<', pages["confirmation"]).group(1).strip()
    pages["return"] = _visible(client.get(f"{base}/return/"))
    pages["return-errors"] = _visible(client.post(f"{base}/return/", {"codename": "no such codename here"}))
    assert client.post(f"{base}/return/", {"codename": codename}).status_code == 302
    client.post(f"{base}/my-report/", {"body": NARRATIVE[lang]})
    pages["my-report"] = _visible(client.get(f"{base}/my-report/"))
    pages["my-police-preview"] = _visible(client.get(f"{base}/my-report/police-preview/"))
    client.post(f"{base}/my-report/police-preview/", {"withhold": ["0"], "done": ""})
    pages["withheld-saved"] = _visible(client.get(f"{base}/my-report/"))
    pages["erased"] = _visible(client.post(f"{base}/my-report/erase/", {"confirm": "on"}))
    pages["not-found"] = _visible(client.get(f"{base}/no-such-page/"))
    pages["csrf-failure"] = _visible(Client(enforce_csrf_checks=True).post(f"{base}/return/", {"codename": "x"}))
    return pages


@pytest.fixture(scope="module")
def journeys(django_db_setup, django_db_blocker):
    """Walk each language once; the page checks below only read the HTML."""
    walked = {}
    with django_db_blocker.unblock():
        for lang in LANGUAGES:
            # Rolled back afterwards, so no organisation or report outlives this module.
            with transaction.atomic():
                create_organisation(
                    "North Support",
                    "support",
                    supervisor_email="supervisor@i18n.test",
                    supervisor_password="i18n-test-password",
                    areas=["north"],
                    receives_unrouted=True,
                )
                walked[lang] = walk_reporter_journey(lang)
                transaction.set_rollback(True)
    return walked


def english_phrases(lang: str) -> set[str]:
    """Catalogue msgids long enough not to be a word of the translation, and translated differently."""
    with override(lang):
        return {
            entry["msgid"]
            for entry in catalogue(lang)
            if " " in entry["msgid"] and not PLACEHOLDER.search(entry["msgid"]) and _(entry["msgid"]) != entry["msgid"]
        }


def django_error_messages() -> list:
    field = forms.Field.default_error_messages
    return [
        field["required"],
        forms.EmailField.default_validators[0].message,
        forms.ChoiceField.default_error_messages["invalid_choice"] % {"value": "nowhere"},
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_english_string_is_left_on_any_reporter_page(journeys, lang):
    with override("en"):
        english = english_phrases(lang) | {str(message) for message in django_error_messages()}
    leaks = {name: sorted(p for p in english if p in page) for name, page in journeys[lang].items()}
    assert {name: found for name, found in leaks.items() if found} == {}


KEY_PHRASES = {
    "start": "Make a report",
    "what": "What kind of crime was it?",
    "what-errors": "Please check your answers",
    "wants": "Free, confidential immigration advice",
    "contact": "How we can reach you (optional)",
    "contact-errors": "Enter a valid email address.",
    "confirmation": "Your report was sent",
    "phone-errors": "Enter only the phone number: digits, spaces or dashes, and + at the start if you need it.",
    "codename-shown-once": "Your codename is shown only once",
    "sent-already": "Your report was already sent",
    "return": "Come back to your report",
    "return-errors": "We could not find a report with that codename. Check each word and try again.",
    "my-report": "Close my report on this device",
    "erased": "Your report will be erased",
    "police-preview": "Remove more before you agree",
    "police-preview-errors": "One of your choices does not match a part of what you wrote. Nothing was changed: please choose again.",
    "contact-kept-back": "Before you agree, you can read exactly what the police would receive of what you wrote, and remove more.",
    "my-police-preview": "Save and go back to my report",
    "withheld-saved": "Your choices about what you wrote are saved.",
    "not-found": "Page not found",
    "csrf-failure": "Please try again",
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_reporter_page_shows_its_key_phrase_translated(journeys, lang):
    missing = {}
    with override(lang):
        for name, msgid in KEY_PHRASES.items():
            translated = _(msgid)
            if translated == msgid or translated not in journeys[lang][name]:
                missing[name] = msgid
        step = _("Step %(step_number)s of %(step_count)s") % {"step_number": 2, "step_count": 3}
        required = str(forms.Field.default_error_messages["required"])
        crime = str(CrimeType.DOMESTIC_ABUSE.label)
        future = _("This date is in the future.")
        status = str(Report.Status.NEW.label)
    assert missing == {}
    assert step in journeys[lang]["wants"]
    assert required in journeys[lang]["what-errors"] and future in journeys[lang]["what-errors"]
    assert crime in journeys[lang]["what"]
    assert status in journeys[lang]["my-report"]


@pytest.mark.parametrize(("lang", "direction"), [("es", "ltr"), ("ar", "rtl")])
def test_every_reporter_page_declares_its_language_and_direction(journeys, lang, direction):
    wrong = [name for name, page in journeys[lang].items() if f'<html lang="{lang}" dir="{direction}">' not in page]
    assert wrong == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_area_names_are_translated_on_the_first_step(lang):
    """Fails today: settings.AREAS labels are plain strings, so the area list shows in English."""
    choices = WhatHappenedForm().fields["area"].choices
    with override("en"):
        english = [str(label) for code, label in choices if code]
    with override(lang):
        shown = [str(label) for code, label in choices if code]
    assert [label for label, seen in zip(english, shown) if label == seen] == []
