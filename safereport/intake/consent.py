"""What the reporter is asked to consent to, word for word, versioned."""

from django.utils.translation import gettext_lazy as _

WORDING_VERSION = "2026-11-v1"

POLICE = "police"
RECIPIENT_KINDS = (POLICE,)

STATEMENTS = {
    ("police", "share_contact"): _("Share my contact details with the police, so they can contact me about this crime."),
    ("police", "share_narrative"): _("Share what I wrote with the police, with anything about immigration status removed."),
}
