"""Sign-in checks the password by opening the person's own key: there is no second, cheaper hash.

A Django password hash beside the vault's Argon2id wrap would give whoever copies the database a
cheaper target for guessing the same password. Opening the wrap is the check, at the vault's cost.
"""

from django.contrib.auth.backends import ModelBackend

from safereport.vault import keyring

from .emails import normalise_email
from .models import User


class StaffKeyBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        # Exact match on the stored normal form: a database's own case-insensitive match differs by engine.
        user = User.objects.filter(username=normalise_email(username)).select_related("staff_key").first()
        if user is None or not self.user_can_authenticate(user) or not hasattr(user, "staff_key"):
            keyring.spend_unlock_time(password)  # same cost as a real attempt: no account enumeration by timing
            return None
        try:
            user.staff_pair = keyring.unlock_staff(user, password)
        except keyring.AccessDenied:
            return None
        return user
