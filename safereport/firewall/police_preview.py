"""What the police would receive of a narrative, shown to the reporter before they agree: the package's own text, part by part."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings

from safereport.intake import withheld
from safereport.intake.models import Report
from safereport.vault.records import RecordCipher

from . import review as review_gate
from .disclosure import shared_narrative
from .policy import POLICE, rule


@dataclass(frozen=True)
class _Choice:
    """The consent being chosen, as the policy reads one: the preview asks what sharing the narrative would send."""

    share_contact: bool
    share_narrative: bool = True


@dataclass(frozen=True)
class PreviewPart:
    number: int  # what the form sends back to keep this part back
    shown: str  # what the police would read of it, unless the reporter keeps it back
    withheld: bool  # the reporter keeps it back now
    automatic: bool  # redaction removes all its words (a stop may stay): nothing to choose


@dataclass(frozen=True)
class Preview:
    text: str  # exactly the package's `narrative`
    parts: tuple[PreviewPart, ...]
    share_contact: bool  # the contact consent this was made for: it decides whether phone numbers and emails stay
    # The place in the reporter's own words, as the package's crime facts carry it beside the narrative ("" when the
    # report names one of the listed areas, which goes by its name, or gives no place).
    area: str = ""

    @property
    def withheld_count(self) -> int:
        return sum(part.withheld for part in self.parts)


def area_as_sent(area_code: str, area_detail: str, language: str) -> str:
    """The reporter's own words for the place as disclosure._crime_facts sends them with the narrative."""
    if area_code in dict(settings.AREAS) or not area_detail:
        return ""
    return review_gate.cautious(area_detail, language)


def preview(
    text: str, language: str, *, share_contact: bool, withheld_ranges: Sequence[tuple[int, int]], area: str = ""
) -> Preview:
    """The narrative as `disclose` would put it in a police package under this consent, and each part's share of it."""
    # The same ruling and the same function as `disclose`, so the keep set and the cuts cannot differ from the package's.
    classes = rule(POLICE, _Choice(share_contact)).classes
    sent = shared_narrative(text, language, classes, withheld_ranges)
    unchosen = shared_narrative(text, language, classes)
    parts = tuple(
        PreviewPart(
            number,
            unchosen.shown(start, end),
            withheld.covered(withheld_ranges, start, end),
            not _words_left(text, start, end, unchosen.cuts),
        )
        for number, (start, end) in enumerate(withheld.parts(text))
    )
    return Preview(sent.text, parts, share_contact, area)


def _words_left(text: str, start: int, end: int, cuts: Sequence[tuple[int, int]]) -> bool:
    """Whether any letter or digit of [start, end) is outside every cut."""
    return any(char.isalnum() and not any(a <= i < b for a, b in cuts) for i, char in enumerate(text[start:end], start))


def of_report(report: Report, cipher: RecordCipher, *, share_contact: bool) -> Preview:
    """The preview of a stored report, with the parts its reporter keeps back now."""
    return preview(
        cipher.open("narrative", report.narrative_sealed),
        report.language,
        share_contact=share_contact,
        withheld_ranges=withheld.opened(cipher, report.narrative_withheld_sealed),
        area=area_as_sent(report.area, cipher.open("area_detail", report.area_detail_sealed) or "", report.language),
    )
