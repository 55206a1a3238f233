"""How the police may reach a reporter: through which advocate, whether and when it is safe, in what language.

Built by one function for the package (`disclose`) and the reporter's own preview, so what the
reporter is shown is what the package carries. Whether it is safe to call, text or leave a
message, and when, go only with consent to share contact details (they are contact data: they
say how to reach the person, and describe who is listening at home); the way through the
advocate, the need for an interpreter and the wish for a supported visit go in every consented
package, since they are how the force should make any contact at all. The interpreter's language,
free text that can hint at nationality, never goes (the force asks the advocate). Nothing here is
immigration data: the wish for immigration advice is never read.
"""

from __future__ import annotations

from safereport.intake import safe_contact
from safereport.intake.models import Report
from safereport.vault.records import RecordCipher

from . import review as review_gate

# Keys carried only with contact consent: taken out again when that consent is withdrawn.
CONTACT_ONLY = ("safe_to_call", "safe_to_text", "safe_to_leave_message", "safe_times")


def advocate_label(user) -> str | None:
    """The member of staff the force should go through: their name, or their work email."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user.get_full_name() or user.email


def arrangements(
    *,
    organisation: str,
    advocate: str | None,
    wants_interpreter: bool,
    wants_police_visit: bool,
    safe: dict,
    language: str,
    share_contact: bool,
) -> dict:
    built: dict = {
        "contact_through": {"organisation": organisation, "advocate": advocate},
        "interpreter_needed": wants_interpreter,
        "supported_visit_wanted": wants_police_visit,
    }
    if share_contact:
        times = str(safe.get("times") or "")
        # Free text with no page to settle marks on: whatever the engine is unsure of is removed.
        built.update(
            safe_to_call=safe.get("call"),
            safe_to_text=safe.get("text"),
            safe_to_leave_message=safe.get("leave_message"),
            safe_times=review_gate.cautious(times, language) if times else None,
        )
    return built


def of_report(report: Report, cipher: RecordCipher, *, share_contact: bool, advocate: str | None = None) -> dict:
    return arrangements(
        organisation=report.organisation.name,
        advocate=advocate,
        wants_interpreter=report.wants_interpreter,
        wants_police_visit=report.wants_police_visit,
        safe=safe_contact.opened(cipher, report.safe_contact_sealed),
        language=report.language,
        share_contact=share_contact,
    )


def take_contact_only(package: dict) -> bool:
    """Remove what only contact consent allowed; True if any of it said something."""
    held = package.get("contact_arrangements")
    if not isinstance(held, dict):
        return False
    taken = [held.pop(key, None) for key in CONTACT_ONLY]
    return any(value is not None for value in taken)
