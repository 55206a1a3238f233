"""The public transparency report: disclosure requests by agency and decision, referrals, and the audit checkpoint."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from safereport.firewall import transparency
from safereport.vault import audit_checkpoints
from safereport.web.downloads import attachment


def _public_key(checkpoint: audit_checkpoints.Checkpoint | None) -> str:
    """The public key that verifies the checkpoint, when this deployment trusts it ("" if not, or misconfigured)."""
    if checkpoint is None:
        return ""
    try:
        return audit_checkpoints.trusted_keys().get(checkpoint.key_id, b"").hex()
    except audit_checkpoints.CheckpointKeyError:
        return ""


@require_safe
def transparency_report(request):
    headings, rows = transparency.table()
    checkpoint = audit_checkpoints.latest()
    return render(
        request,
        "firewall/transparency.html",
        {
            "headings": headings,
            "rows": rows,
            "limit": transparency.SMALL_NUMBER_LIMIT,
            "checkpoint": checkpoint,
            "checkpoint_key": _public_key(checkpoint),
        },
    )


@require_safe
def transparency_csv(request):
    return attachment(transparency.as_csv(), "text/csv; charset=utf-8", "transparency.csv")
