"""Public audit-log checkpoints: the latest and all signed tree heads, and consistency proofs between sizes.

No sign-in, nothing stored, no cookies: like the rest of the public face these answers read the log's tree
and checkpoints and write nothing (no session, no audit entry), so anyone may fetch them as often as they like.
"""

import json
import re

from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from safereport.audit import tree
from safereport.vault import audit_checkpoints
from safereport.web.downloads import attachment

PROOF_FORMAT = "safereport.audit-consistency/1"
_WHOLE_NUMBER = re.compile(r"[0-9]{1,18}")


def _json_file(document: object, filename: str):
    return attachment(json.dumps(document, indent=2, sort_keys=True) + "\n", "application/json", filename)


@require_safe
def latest_checkpoint(request):
    checkpoint = audit_checkpoints.latest()
    if checkpoint is None:
        raise Http404("No checkpoint yet.")
    return _json_file(checkpoint.document(), "checkpoint.json")


@require_safe
def every_checkpoint(request):
    return _json_file([c.document() for c in audit_checkpoints.all_checkpoints()], "checkpoints.json")


def _refuse(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def _sizes(request) -> tuple[int, int] | str:
    given = request.GET.get("from"), request.GET.get("to")
    if None in given or "" in given:
        return _("Give both sizes: ?from=M&to=N, each a number of audit log entries.")
    if not all(_WHOLE_NUMBER.fullmatch(v or "") for v in given):
        return _("from and to must be whole numbers of entries (digits only).")
    first, second = int(given[0] or 0), int(given[1] or 0)
    if first < 1:
        return _("from must be at least 1.")
    if first > second:
        return _("from must not be larger than to.")
    return first, second


@require_safe
def consistency(request):
    sizes = _sizes(request)
    if isinstance(sizes, str):
        return _refuse(sizes)
    first, second = sizes
    latest = audit_checkpoints.latest()
    signed = latest.tree_size if latest else 0
    if second > signed:
        return _refuse(_("to is beyond the latest signed checkpoint, of %(size)d entries.") % {"size": signed})
    entries = tree.log_size()
    if entries < signed:
        message = _("The log now has %(entries)d entries, fewer than the %(size)d its latest checkpoint recorded.")
        return _refuse(message % {"entries": entries, "size": signed}, status=409)
    try:
        proof = tree.consistency_proof(first, second)
    except tree.LogShorter:
        return _refuse(_("Entries a signed checkpoint covered are missing from the log."), status=409)
    return JsonResponse({"format": PROOF_FORMAT, "from": first, "to": second, "proof": [h.hex() for h in proof]})
