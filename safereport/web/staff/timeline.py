"""Everything that happened on a case, in one chronological list, for the advocate's case page.

Each capability keeps its own records; this face reads them all (it sits above them) and puts
them in order. Content shown here is what the case page already opened for this request (the
`CaseView`); nothing is decrypted twice and nothing is stored.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.utils import formats
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from safereport.cases.actions import CaseView
from safereport.intake.models import Report
from safereport.risk.actions import RiskHistory
from safereport.risk.questionnaire import BAND_LABELS


@dataclass(frozen=True)
class Event:
    at: datetime
    kind: str  # a class name for the page: received, message, note, status, referral, police, disclosure, ...
    title: str
    who: str = ""
    # Text a person wrote (the reporter's message, a note): shown with dir="auto", never marked safe.
    body: str = ""
    # True when `at` is only the day (the record keeps no time of day).
    day_only: bool = False

    @property
    def order(self) -> tuple[datetime, int]:
        # A day-only event sorts after everything timed on its day (its hour is unknown), except the
        # report's arrival, which starts the case.
        if self.day_only and self.kind != "received":
            return (self.at + timedelta(days=1), 0)
        return (self.at, 0)


def _staff(user) -> str:
    return user.email if user is not None else _("a former member of staff")


def _status_label(code: str) -> str:
    return str(Report.Status(code).label) if code in Report.Status.values else code


def case_timeline(case: CaseView, referrals, compelled, risk: RiskHistory, services=(), visits=()) -> list[Event]:
    """The case's events, oldest first.

    `referrals` are the page's referrals (each with its crime reference and police updates), `compelled` the compelled disclosures,
    `risk` the risk assessments, `services` the referrals to support services and `visits` the supported
    police visits (each with its letter) this reader may see, as the case page already has them.
    """
    report = case.report
    events = [Event(report.created_at, "received", _("Report received"), _("Reporter"), day_only=True)]
    for message in case.messages:
        if message.sender == "reporter":
            events.append(Event(message.sent_at, "message", _("Message from the reporter"), _("Reporter"), message.body))
        else:
            events.append(Event(message.sent_at, "message", _("Reply to the reporter"), _("Advocate"), message.body))
    for at, author, body in case.notes:
        events.append(Event(at, "note", _("Note"), _staff(author), body))
    # Empty unless the reader is an immigration adviser (cases.actions.open_case).
    for entry in case.immigration_entries:
        if entry.kept:
            events.append(Event(entry.written_at, "note", _("Immigration advice"), _staff(entry.author), entry.text))
    events += _status_changes(report)
    for item in referrals:
        referral, crime_reference = item["referral"], item["crime_reference"]
        force = referral.police.name
        events.append(
            Event(referral.made_at, "referral", _("Referred to %(force)s") % {"force": force}, _staff(referral.made_by))
        )
        if crime_reference and referral.crime_reference_recorded_at:
            title = _("%(force)s recorded crime reference %(reference)s") % {"force": force, "reference": crime_reference}
            events.append(Event(referral.crime_reference_recorded_at, "police", title, force))
        # (a crime reference is shown once, above, from the referral itself)
        # The page pairs each update with the answer form it may offer: (update, form or None).
        shown = [update for update, _form in item["updates"]]
        events += [_police_event(update, force) for update in shown if update.kind != "crime_reference"]
    for disclosure in compelled:
        events.append(
            Event(
                disclosure.decided_at,
                "disclosure",
                _("Disclosed under a court order (%(reference)s)") % {"reference": disclosure.reference},
            )
        )
    for assessment in risk.assessments:
        title = _("Risk assessed: %(band)s (score %(score)s)") % {"band": BAND_LABELS[assessment.band], "score": assessment.score}
        events.append(Event(assessment.assessed_on, "risk", title, _staff(assessment.assessed_by), day_only=True))
    for service in services:
        events.append(
            Event(
                _day(service.made_on), "service", _("Referred to %(service)s") % {"service": service.service_name}, day_only=True
            )
        )
        if service.outcome_on:
            title = _("%(service)s: %(outcome)s") % {"service": service.service_name, "outcome": service.outcome_label}
            events.append(Event(_day(service.outcome_on), "service", title, day_only=True))
    for shown in visits:
        events += _visit_events(shown)
    return sorted(events, key=lambda event: event.order)


def _visit_events(shown) -> list[Event]:
    visit = shown.opened.visit
    title = _("Supported visit booked: %(station)s (%(force)s), %(when)s") % {
        "station": visit.station.name,
        "force": visit.station.force.name,
        "when": formats.date_format(shown.opened.at, "DATETIME_FORMAT"),
    }
    events = [Event(visit.booked_on, "visit", title, _staff(visit.booked_by), day_only=True)]
    if visit.cancelled:
        events.append(
            Event(visit.cancelled_on, "visit", _("Supported visit cancelled"), _staff(visit.cancelled_by), day_only=True)
        )
    if shown.letter:
        issued_on, language = shown.letter
        name = get_language_info(language)["name_translated"] if language in dict(settings.LANGUAGES) else language
        title = _("Assurance letter for the visit issued in %(language)s") % {"language": name}
        events.append(Event(_day(issued_on), "visit", title, day_only=True))
    return events


def _police_event(update, force: str) -> Event:
    kind = update.kind
    if kind == "investigation":
        title = _("%(force)s: %(status)s") % {"force": force, "status": update.status_label()}
        if update.outcome_label():
            title += " · " + update.outcome_label()
        return Event(update.written_at, "police", title, force)
    if kind == "contact_request":
        return Event(
            update.written_at,
            "police",
            _("%(force)s asked for contact through the advocate") % {"force": force},
            force,
            str(update.details.get("message", "")),
        )
    if kind == "contact_answer":
        return Event(
            update.written_at,
            "police",
            _("Answer sent to %(force)s") % {"force": force},
            body=str(update.details.get("message", "")),
        )
    return Event(update.written_at, "police", str(update.update.get_kind_display()), force)


def _day(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _status_changes(report: Report) -> list[Event]:
    return [
        Event(
            change.changed_at,
            "status",
            _("Status changed from %(old)s to %(new)s") % {"old": _status_label(change.old), "new": _status_label(change.new)},
            _staff(change.author),
        )
        for change in report.status_changes.select_related("author")
    ]
