"""The one permission scope for organisation-held records: staff see their own organisation's, nobody else's."""

from django.db import models


class OrganisationScopedQuerySet(models.QuerySet):
    """`Model.objects.visible_to(user)` is the only way pages list or fetch these records.

    A subclass names the field that holds the organisation and the kind of member it serves:
    caseworkers (advocates, supervisors) by default, police liaisons for what a force received.
    """

    organisation_field = "organisation_id"
    audience = "works_cases"  # a boolean property of User

    def visible_to(self, user):
        if not user.is_authenticated or not getattr(user, self.audience) or user.organisation_id is None:
            return self.none()
        return self.filter(**{self.organisation_field: user.organisation_id})
