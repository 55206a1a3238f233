"""The one upload form both faces use for evidence files: the file is judged by the evidence capability, not here."""

from django import forms
from django.utils.translation import gettext_lazy as _

from safereport.evidence.formats import Limits

# Types and, for phones that label voice notes oddly (WhatsApp's .opus), names.
ACCEPT = (
    "image/jpeg,image/png,image/webp,application/pdf,"
    "audio/mpeg,audio/mp4,audio/x-m4a,audio/ogg,audio/opus,audio/wav,audio/x-wav,.mp3,.m4a,.ogg,.oga,.opus,.wav"
)


class EvidenceForm(forms.Form):
    # `accept` only helps a phone offer the right files; the content decides (evidence.formats.detect).
    file = forms.FileField(
        label=_("Photo, screenshot, PDF or recording"),
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
        error_messages={
            "required": _("Choose a photo, screenshot, PDF or recording to add; nothing was added."),
            "empty": _("The file is empty. Choose the photo or document again."),
            "invalid": _("No file arrived. Choose the photo or document again."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limits = Limits.from_settings()
        self.fields["file"].help_text = _(
            "Photos and screenshots (JPEG, PNG or WebP), PDF documents, and audio recordings (MP3, M4A, Ogg or "
            "Opus voice notes, WAV; up to %(minutes)s minutes), up to %(limit)s MB each. "
            "We remove hidden details, such as where and when a photo or recording was made, before we keep it."
        ) % {"limit": limits.max_megabytes, "minutes": f"{limits.max_audio_seconds / 60:g}"}

    def content(self) -> bytes:
        upload = self.cleaned_data["file"]
        upload.seek(0)
        return upload.read()
