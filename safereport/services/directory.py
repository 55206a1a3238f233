"""The organisation's directory of support services: supervisors keep it, caseworkers read and filter it."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from safereport.audit.actions import AuditAction
from safereport.audit.log import actor_of, record
from safereport.intake.languages import REPORT_LANGUAGES

from .models import Service

NAME_MAX, CONTACT_MAX, ELIGIBILITY_MAX = 200, 300, 2000


class InvalidService(ValueError):
    """One bad value, named by its field; nothing was saved."""

    def __init__(self, field: str, message: str):
        self.field, self.message = field, message
        super().__init__(f"{field}: {message}")


class NotASupervisor(PermissionError):
    pass


@dataclass(frozen=True)
class ServiceDetails:
    name: str
    kind: str
    languages: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    eligibility: str = ""
    contact: str = ""

    def checked(self) -> ServiceDetails:
        if not self.name.strip():
            raise InvalidService("name", _("a service needs a name"))
        if len(self.name) > NAME_MAX:
            raise InvalidService("name", _("at most %(n)s characters") % {"n": NAME_MAX})
        if self.kind not in Service.Kind.values:
            raise InvalidService("kind", _("not a kind of service on the list"))
        if unknown := set(self.languages) - set(REPORT_LANGUAGES):
            raise InvalidService(
                "languages", _("not on the list of languages: %(codes)s") % {"codes": ", ".join(sorted(unknown))}
            )
        if unknown := set(self.areas) - {code for code, _label in settings.AREAS}:
            raise InvalidService("areas", _("not an area: %(codes)s") % {"codes": ", ".join(sorted(unknown))})
        if len(self.eligibility) > ELIGIBILITY_MAX:
            raise InvalidService("eligibility", _("at most %(n)s characters") % {"n": ELIGIBILITY_MAX})
        if len(self.contact) > CONTACT_MAX:
            raise InvalidService("contact", _("at most %(n)s characters") % {"n": CONTACT_MAX})
        return self


def _require_supervisor(user) -> None:
    if not user.is_supervisor or user.organisation_id is None:
        raise NotASupervisor("Only a supervisor keeps the directory of services.")


@transaction.atomic
def save_service(details: ServiceDetails, user, service: Service | None = None) -> Service:
    """A new service in the supervisor's organisation, or a change to one of its own."""
    _require_supervisor(user)
    details = details.checked()
    if service is not None and service.organisation_id != user.organisation_id:
        raise Service.DoesNotExist()
    adding = service is None
    service = service or Service(organisation_id=user.organisation_id)
    service.name, service.kind, service.eligibility, service.contact = (
        details.name.strip(),
        details.kind,
        details.eligibility,
        details.contact,
    )
    service.languages, service.areas = sorted(set(details.languages)), sorted(set(details.areas))
    service.save()
    action = AuditAction.SERVICE_ADDED if adding else AuditAction.SERVICE_CHANGED
    record(action, actor=actor_of(user), target=f"service:{service.pk}", organisation=service.organisation_id)
    return service


@transaction.atomic
def remove_service(service: Service, user) -> None:
    """Gone from the directory; referrals already made keep the name they were made to (sealed with them)."""
    _require_supervisor(user)
    if service.organisation_id != user.organisation_id:
        raise Service.DoesNotExist()
    pk, organisation = service.pk, service.organisation_id
    service.delete()
    record(AuditAction.SERVICE_REMOVED, actor=actor_of(user), target=f"service:{pk}", organisation=organisation)


def find_services(user, *, kind: str = "", language: str = "", area: str = "") -> list[Service]:
    """The organisation's services, by kind, a language spoken and an area served (each optional)."""
    services = Service.objects.visible_to(user)
    if kind:
        services = services.filter(kind=kind)
    # The directory is one organisation's, a few hundred rows at most: JSON lists are matched here,
    # the same way on SQLite and PostgreSQL.
    return [s for s in services if (not language or language in s.languages) and (not area or area in s.areas or not s.areas)]
