"""Shared pieces for management commands that act as a member of staff."""

import getpass
import os
import sys

from django.contrib.auth import authenticate
from django.core.management.base import CommandError

from safereport.vault import keyring


def read_password(variable: str = "SAFEREPORT_PASSWORD", prompt: str = "Password: ") -> str:
    """Passwords come from the environment or a prompt, never from an argument (argv is visible to all)."""
    if os.environ.get(variable):
        return os.environ[variable]
    if not sys.stdin.isatty():
        raise CommandError(f"Set {variable} or run this command in a terminal to be asked for the password.")
    return getpass.getpass(prompt)


def unlock_as(email: str, roles=None):
    """Sign in as a member of staff and unlock their organisation's keys for this command only."""
    password = read_password(prompt=f"Password for {email}: ")
    user = authenticate(username=email, password=password)
    if user is None:
        raise CommandError(f"The email and password do not match an active account: {email}.")
    if roles and user.role not in roles:
        raise CommandError(f"{email} is a {user.role}; this needs one of: {', '.join(roles)}.")
    try:
        return user, keyring.unlock_organisation(user, staff_pair=user.staff_pair)
    except keyring.AccessDenied as exc:
        raise CommandError(f"{email} cannot open the organisation's keys: {exc}") from None
