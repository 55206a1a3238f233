"""Organisations and the staff who work in them."""

from typing import TYPE_CHECKING, Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from safereport.vault import keyring

from .emails import normalise_email


class Specialism(models.TextChoices):
    """What a support organisation specialises in; routing matches a report's crime type to one (intake.routing)."""

    DOMESTIC_ABUSE = "domestic_abuse", _("Domestic abuse")
    SEXUAL_VIOLENCE = "sexual_violence", _("Sexual violence")
    MODERN_SLAVERY = "modern_slavery", _("Modern slavery and labour exploitation")
    HATE_CRIME = "hate_crime", _("Hate crime")


class Organisation(models.Model):
    class Kind(models.TextChoices):
        SUPPORT = "support", _("Support organisation")
        POLICE = "police", _("Police force")

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    areas = models.JSONField(default=list, blank=True, help_text="Area codes this organisation serves.")
    receives_unrouted = models.BooleanField(default=False, help_text="Receives reports from areas nobody serves.")
    specialisms = models.JSONField(default=list, blank=True, help_text="Specialism codes (accounts.models.Specialism).")
    languages = models.JSONField(default=list, blank=True, help_text="Base language codes its staff work in.")

    def __str__(self):
        return self.name


class StaffManager(UserManager):
    def create_staff(self, email, organisation, role, **extra):
        user = self.model(username=email, email=email, organisation=organisation, role=role, **extra)
        # The password is checked by opening the staff key (accounts.backends), never by a Django hash.
        user.set_unusable_password()
        user.save()
        return user


class User(AbstractUser):
    class Role(models.TextChoices):
        ADVOCATE = "advocate", _("Advocate")
        SUPERVISOR = "supervisor", _("Supervisor")
        POLICE_LIAISON = "police_liaison", _("Police liaison")

    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="staff")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.ADVOCATE)
    # In the UK only regulated advisers may give immigration advice: only they read or write the
    # fields classified `immigration` (entries, eligibility, referrals to immigration services).
    # Set by a supervisor of the organisation, and audited (accounts.actions.set_immigration_adviser).
    gives_immigration_advice = models.BooleanField(default=False)
    # Base language codes (intake.languages) this member of staff works in: the queue offers them
    # reports written in these languages.
    languages = models.JSONField(default=list, blank=True)

    objects: ClassVar[StaffManager] = StaffManager()
    # Set by backends.StaffKeyBackend on the user it authenticates: their opened key pair, for this request only.
    staff_pair: "keyring.KeyPair"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The one spelling sign-in looks up and the sign-in limits count (accounts.emails).
        self.username, self.email = normalise_email(self.username), normalise_email(self.email)
        super().save(*args, **kwargs)

    @property
    def is_supervisor(self) -> bool:
        return self.role == self.Role.SUPERVISOR

    @property
    def is_police(self) -> bool:
        return self.role == self.Role.POLICE_LIAISON

    @property
    def works_cases(self) -> bool:
        """An advocate or supervisor of a support organisation: a police force's supervisor manages its staff only."""
        if self.role not in (self.Role.ADVOCATE, self.Role.SUPERVISOR) or self.organisation is None:
            return False
        return self.organisation.kind == Organisation.Kind.SUPPORT

    @property
    def is_immigration_adviser(self) -> bool:
        """Reads and writes immigration-classified case data: a caseworker the supervisor named an adviser."""
        return self.works_cases and self.is_active and self.gives_immigration_advice


class PendingNotice(models.Model):
    """Something new is waiting for this member of staff; `send_notices` tells them, then forgets it.

    Only that: no time, no kind, no case. A seized copy shows who has unread activity, never
    what or since when.
    """

    user = models.OneToOneField(User, on_delete=models.CASCADE, primary_key=True, related_name="pending_notice")


class RecoveryCode(models.Model):
    """A one-time code that stands in for the authenticator app; only its hash is kept (accounts.second_factor)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)


class SetupCode(models.Model):
    """The one-time code, handed over with a new or reset password, without which nobody can enrol a second factor."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="setup_code")
    code_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
