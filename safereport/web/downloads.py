"""The one way any face hands over a file: an attachment that no browser or proxy keeps a copy of."""

from django.http import HttpResponse


def attachment(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    """Packages, receipts and exports are downloaded on purpose and never cached (a shared phone, a proxy)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
