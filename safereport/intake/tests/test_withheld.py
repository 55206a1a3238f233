"""The parts a reporter can keep back, and the one check every choice of them passes before it is stored."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safereport.intake import withheld
from safereport.intake.submission import Submission, SubmissionInvalid
from safereport.intake.withheld import WithheldInvalid


def words(text):
    return [text[start:end] for start, end in withheld.parts(text)]


def test_parts_are_sentences_in_every_script_the_reporter_side_offers_without_surrounding_spaces():
    text = (
        "He hit me on Monday.  I ran!\nThen he came back  \n\n3.5 km away, near www.example.org. "
        "ضربني رجل أمام المتجر. هل أنت بخير؟ ሰብኣይ ወቒዑኒ። Fin"
    )
    assert words(text) == [
        "He hit me on Monday.",
        "I ran!",
        "Then he came back",
        "3.5 km away, near www.example.org.",
        "ضربني رجل أمام المتجر.",
        "هل أنت بخير؟",
        "ሰብኣይ ወቒዑኒ።",
        "Fin",
    ]


def test_a_long_sentence_is_offered_in_clauses_and_a_run_without_punctuation_in_pieces():
    clauses = "he took my phone and my money " * 5 + "and then he left, " + "we ran to the bus station " * 5
    assert words(clauses) == [clauses[: clauses.index(",") + 1], clauses[clauses.index(",") + 2 :].strip()]
    run_on = "he said he would call the police on me if i told anyone " * 8
    pieces = words(run_on)
    assert len(pieces) > 1 and all(len(piece) <= withheld.LONG_PART for piece in pieces)
    assert " ".join(pieces) == run_on.strip()


@given(st.text(max_size=400))
def test_parts_lie_inside_the_text_in_order_and_never_overlap(text):
    previous_end = 0
    for start, end in withheld.parts(text):
        assert previous_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        previous_end = end


def test_parts_kept_back_side_by_side_are_stored_as_one_range():
    text = "One. Two. Three. Four."
    assert withheld.chosen(text, ["0", "1", "3"]) == ((0, 9), (17, 22))
    assert withheld.normalise([(5, 9), (0, 6)], text) == ((0, 9),)


def test_a_submission_with_a_range_outside_its_narrative_is_refused_naming_the_choice():
    submission = Submission(crime_type="assault", narrative="  He hit me.  ", language="en", withheld=((0, 40),))
    with pytest.raises(SubmissionInvalid) as refused:
        submission.validate()
    assert refused.value.errors == {"withheld": "A part to keep back must lie inside what you wrote."}


def test_a_submission_keeps_ranges_of_its_narrative_as_validated():
    submission = Submission(
        crime_type="assault", narrative="He hit me. I ran.", language="en", withheld=((11, 17), (0, 3))
    ).validate()
    assert submission.withheld == ((0, 3), (11, 17))


@pytest.mark.parametrize("numbers", [["4"], ["a"], ["0", "0"], [" 1"], ["+1"], ["1.0"]])
def test_part_numbers_that_name_no_part_once_are_refused(numbers):
    with pytest.raises(WithheldInvalid):
        withheld.chosen("One. Two. Three. Four.", numbers)
