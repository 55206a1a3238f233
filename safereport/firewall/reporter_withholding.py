"""Parts of the narrative a reporter keeps back from the police: changed from their report's page, honoured at once on referrals sent."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from safereport import coarse_time
from safereport.audit.actions import AuditAction
from safereport.audit.log import record
from safereport.intake import withheld
from safereport.intake.models import Report
from safereport.vault.records import RecordCipher

from .models import Referral
from .withdrawn_consent import CurrentView, tell_forces

# What the force is told to delete when the reporter keeps back more after a referral, in the
# words the notice and the audit log use beside withdrawn_consent's "contact" and "narrative".
WITHHELD_PARTS = "withheld_parts"


@dataclass(frozen=True)
class WithheldChange:
    ranges: tuple[tuple[int, int], ...]
    kept_back_more: bool  # something the police could have received before is kept back now
    forces_told: int


@transaction.atomic
def change_withheld(report: Report, cipher: RecordCipher, ranges: Iterable[Sequence[int]]) -> WithheldChange:
    """Store the reporter's new choice; if it keeps back more, flag every referral already made. Audited.

    Refuses (intake.withheld.WithheldInvalid) before anything is written. A referral already
    made is a signed package: it cannot be cut, so the force's page stops showing its narrative
    and the force is told to delete it (see `honoured`); a new referral leaves those parts out.
    """
    # The row's lock, which a referral being stored takes too (firewall.referrals): the two never interleave.
    locked = Report.objects.select_for_update().only("narrative_withheld_sealed").get(pk=report.pk)
    narrative = cipher.open("narrative", report.narrative_sealed)
    chosen = withheld.normalise(ranges, narrative)
    before = withheld.opened(cipher, locked.narrative_withheld_sealed)
    report.narrative_withheld_sealed = withheld.seal(cipher, chosen)
    report.save(update_fields=["narrative_withheld_sealed"])
    more = withheld.adds_to(chosen, before)
    forces: set[int] = set()
    if more:
        referrals = list(Referral.objects.select_for_update().filter(report=report))
        Referral.objects.filter(pk__in=[referral.pk for referral in referrals]).update(
            reporter_withheld_more_on=coarse_time.today()
        )
        forces = tell_forces(report, referrals, [WITHHELD_PARTS])
    record(AuditAction.NARRATIVE_WITHHELD_CHANGED, actor="reporter", target=report.reference, kept_back_more=more)
    return WithheldChange(chosen, more, len(forces))


def honoured(view: CurrentView, referral: Referral) -> CurrentView:
    """The force's view of a referral once the reporter has kept back more of the narrative it carries.

    The force's key cannot open the reporter's choice (it is sealed under the report's key), and
    the signed package cannot be cut, so the narrative is no longer shown at all, and the force
    is told to delete it; the sending organisation can refer again without those parts.
    """
    if referral.reporter_withheld_more_on is None or "narrative" not in view.package:
        return view
    shown = {key: value for key, value in view.package.items() if key != "narrative"}
    shown["withheld_classes"] = sorted(set(shown.get("withheld_classes", [])) | {"narrative"})
    on = timezone.localdate(referral.reporter_withheld_more_on)
    return CurrentView(shown, (*view.delete, WITHHELD_PARTS), max(on, view.withdrawn_on) if view.withdrawn_on else on)
