"""The one upload form both faces use for evidence files: the file is judged by the evidence capability, not here."""

from django import forms
from django.utils.translation import gettext_lazy as _

from safereport.evidence.formats import Limits


class EvidenceForm(forms.Form):
    # `accept` only helps a phone offer the right files; the content decides (evidence.formats.detect).
    file = forms.FileField(
        label=_("Photo, screenshot or PDF"),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"}),
        error_messages={
            "required": _("Choose a photo, screenshot or PDF to add; nothing was added."),
            "empty": _("The file is empty. Choose the photo or document again."),
            "invalid": _("No file arrived. Choose the photo or document again."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limits = Limits.from_settings()
        self.fields["file"].help_text = _(
            "Photos and screenshots (JPEG, PNG or WebP) and PDF documents, up to %(limit)s MB each. "
            "We remove hidden details, such as where and when a photo was taken, before we keep it."
        ) % {"limit": limits.max_megabytes}

    def content(self) -> bytes:
        upload = self.cleaned_data["file"]
        upload.seek(0)
        return upload.read()
