"""Deploy checks at Error level: `safereport check --deploy` exits non-zero on unsafe production settings.

Django's own deploy checks are warnings, and `check --deploy` exits 0 on warnings, so an operator
could go live with SQLite, DEBUG or plain HTTP and a green check. These are registered with
``deploy=True``: they run only under ``--deploy``, never for ``make run``'s embedded demo.
"""

import os

from django.conf import settings
from django.core import checks
from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)

HSTS_MIN_SECONDS = 365 * 24 * 60 * 60
# Words people put in a key they meant to replace; a generated key contains none of them by chance.
PLACEHOLDER_WORDS = ("changeme", "change-me", "change_me", "replaceme", "replace-me", "insecure", "example", "secret")
TEST_HASHERS = ("MD5PasswordHasher", "UnsaltedMD5PasswordHasher", "UnsaltedSHA1PasswordHasher", "SHA1PasswordHasher")


def _error(id_: str, msg: str, hint: str) -> checks.Error:
    return checks.Error(msg, hint=hint, id=f"deployment.{id_}")


@checks.register(checks.Tags.security, deploy=True)
def database_is_not_sqlite(app_configs=None, **kwargs):
    return [
        _error(
            "E001",
            f"Database '{alias}' is SQLite, which is for the embedded demo only.",
            "Set DATABASE_URL to a PostgreSQL database (docs/operations.md).",
        )
        for alias, db in settings.DATABASES.items()
        if "sqlite" in db.get("ENGINE", "")
    ]


@checks.register(checks.Tags.security, deploy=True)
def debug_is_off(app_configs=None, **kwargs):
    if not settings.DEBUG:
        return []
    return [_error("E002", "DEBUG is on: error pages would show settings, paths and request data.", "Unset SAFEREPORT_DEBUG.")]


@checks.register(checks.Tags.security, deploy=True)
def https_is_enforced(app_configs=None, **kwargs):
    hint = "Serve behind the TLS proxy with SAFEREPORT_HTTPS=1 and SAFEREPORT_SECURE_COOKIES=1 (the default with DATABASE_URL)."
    errors = []
    if not settings.SECURE_SSL_REDIRECT:
        errors.append(_error("E003", "Plain HTTP is not redirected to HTTPS (SECURE_SSL_REDIRECT is off).", hint))
    if (settings.SECURE_HSTS_SECONDS or 0) < HSTS_MIN_SECONDS:
        errors.append(_error("E004", "HSTS is off or shorter than a year (SECURE_HSTS_SECONDS).", hint))
    insecure = [name for name in ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE") if not getattr(settings, name)]
    if insecure:
        errors.append(_error("E005", f"Cookies can travel over plain HTTP ({', '.join(insecure)} off).", hint))
    return errors


def _weak_key(key: str | bytes) -> bool:
    if isinstance(key, bytes):
        key = key.decode("utf-8", "replace")
    lowered = key.lower()
    return (
        len(key) < SECRET_KEY_MIN_LENGTH
        or len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
        or key.startswith(SECRET_KEY_INSECURE_PREFIX)
        or any(word in lowered for word in PLACEHOLDER_WORDS)
    )


@checks.register(checks.Tags.security, deploy=True)
def secret_key_is_strong(app_configs=None, **kwargs):
    weak = ["SECRET_KEY"] if _weak_key(settings.SECRET_KEY) else []
    weak += [f"SECRET_KEY_FALLBACKS[{i}]" for i, key in enumerate(settings.SECRET_KEY_FALLBACKS) if _weak_key(key)]
    if not weak:
        return []
    # Never quote the key: check output ends up in terminals and CI logs.
    return [
        _error(
            "E006",
            f"{', '.join(weak)} is short, repetitive or a placeholder: anyone who guesses it can forge sessions.",
            f"Set SAFEREPORT_SECRET_KEY to at least {SECRET_KEY_MIN_LENGTH} random characters, e.g. "
            "`python3 -c 'import secrets; print(secrets.token_urlsafe(50))'`.",
        )
    ]


@checks.register(checks.Tags.security, deploy=True)
def allowed_hosts_are_named(app_configs=None, **kwargs):
    if "*" not in settings.ALLOWED_HOSTS:
        return []
    return [
        _error(
            "E007",
            "ALLOWED_HOSTS accepts any host ('*'), so forged Host headers reach the site.",
            "Set SAFEREPORT_ALLOWED_HOSTS to the service's own host name(s).",
        )
    ]


@checks.register(checks.Tags.security, deploy=True)
def password_protection_is_production_strength(app_configs=None, **kwargs):
    from safereport.vault.crypto import KdfParams

    errors = []
    profile = settings.VAULT_KDF_PROFILE
    try:
        KdfParams.for_profile(profile)
        known = True
    except KeyError:
        known = False
    if not known or profile == "minimum":
        errors.append(
            _error(
                "E008",
                f"The staff-key Argon2id profile is '{profile}', not a production cost.",
                "Set SAFEREPORT_KDF_PROFILE=moderate (the default) and unset SAFEREPORT_TESTING.",
            )
        )
    if settings.PASSWORD_HASHERS and settings.PASSWORD_HASHERS[0].rsplit(".", 1)[-1] in TEST_HASHERS:
        errors.append(
            _error(
                "E009",
                "Passwords are hashed with a fast test hasher.",
                "Unset SAFEREPORT_TESTING: it is for the test suite only.",
            )
        )
    return errors


@checks.register(checks.Tags.security, deploy=True)
def audio_tools_are_installed(app_configs=None, **kwargs):
    from safereport.evidence.audio import PRLIMIT

    missing = [path for path in (settings.EVIDENCE_FFMPEG, settings.EVIDENCE_FFPROBE, PRLIMIT) if not os.path.exists(path)]
    if not missing:
        return []
    return [
        _error(
            "E010",
            f"{', '.join(missing)} not found: every audio recording a reporter sends would be refused.",
            "Install Debian's ffmpeg package (`make media-deps`), or set SAFEREPORT_FFMPEG and SAFEREPORT_FFPROBE.",
        )
    ]
