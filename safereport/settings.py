"""Django settings: environment variables with safe defaults for the embedded run."""

import json
import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from safereport import data_dir

BASE_DIR = Path(__file__).resolve().parent
# Owner-only (0700): it holds the SQLite database and the generated secret key.
DATA_DIR = data_dir.prepare(Path(os.environ.get("SAFEREPORT_DATA_DIR", BASE_DIR.parent / "var")))


def _env_flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    # Django's SECRET_KEY signs cookies and CSRF tokens; it never decrypts report content.
    if os.environ.get("SAFEREPORT_SECRET_KEY"):
        return os.environ["SAFEREPORT_SECRET_KEY"]
    path = DATA_DIR / "secret_key"
    data_dir.create_owner_only(path, secrets.token_urlsafe(50))  # leaves an existing key as it is
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_flag("SAFEREPORT_DEBUG")
# pytest (8.2+) sets PYTEST_VERSION, so a bare `pytest` gets the fast test configuration too.
TESTING = _env_flag("SAFEREPORT_TESTING") or "PYTEST_VERSION" in os.environ
ALLOWED_HOSTS = os.environ.get("SAFEREPORT_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "django_otp",
    "django_otp.plugins.otp_totp",  # the staff second factor's device table (accounts.second_factor)
    # Capabilities, lowest first; the faces (safereport.web.*) are plain packages above them.
    "safereport.audit",
    "safereport.redaction",
    "safereport.ratelimit",
    "safereport.vault",
    "safereport.accounts",
    "safereport.intake",
    "safereport.cases",
    "safereport.risk",
    "safereport.visits",
    "safereport.services",
    "safereport.evidence",
    "safereport.firewall",
    "safereport",  # project-wide commands: seed_demo, stored_fields
    "safereport.deployment",
]

MIDDLEWARE = [
    "safereport.web.privacy.ForgetClientMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "safereport.web.no_store.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "safereport.web.staff.idle.StaffIdleExpiryMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "safereport.urls"
WSGI_APPLICATION = "safereport.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],  # safereport/templates is the project app's own
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

_sqlite_path = DATA_DIR / "safereport.sqlite3"
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
else:
    data_dir.prepare_sqlite(_sqlite_path)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(_sqlite_path),
            # IMMEDIATE serialises writers, so the audit hash chain never forks. secure_delete zeroes what a
            # delete frees, so an erased row leaves no bytes in the file (the project sets it; never rely on a
            # distribution's build default).
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA secure_delete=ON;"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"

AUTHENTICATION_BACKENDS = ["safereport.accounts.backends.StaffKeyBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Every path that sets a staff password runs these (vault.keyring): a staff password guards every report.
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "first_name", "last_name")},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Argon2id cost for deriving a staff member's key-wrapping key from their password.
# Recorded beside every wrap, so raising it later re-wraps at the next sign-in.
VAULT_KDF_PROFILE = os.environ.get("SAFEREPORT_KDF_PROFILE", "moderate")
# How many of those derivations (256 MiB and most of a core each) may run at once on this host, across every
# worker; sign-ins beyond that are answered 429 before deriving, so sign-in floods cannot starve reporter pages.
VAULT_CONCURRENT_DERIVATIONS = int(os.environ.get("SAFEREPORT_CONCURRENT_DERIVATIONS", max(1, (os.cpu_count() or 2) // 2)))
VAULT_DERIVATION_SLOTS_DIR = DATA_DIR / "derivation-slots"
# Epoch keys (vault.epochs): outside the database, one directory per database, backed up with it.
VAULT_EPOCH_KEY_DIR = Path(os.environ.get("SAFEREPORT_EPOCH_KEY_DIR", DATA_DIR / "epoch-keys"))

# The trained redaction detector (redaction.model_store): stored once per version of its code and data, so a new
# process loads it in under a second instead of training for twenty. SAFEREPORT_MODEL_CACHE_DIR="" stores none.
REDACTION_MODEL_DIR = os.environ.get("SAFEREPORT_MODEL_CACHE_DIR", str(DATA_DIR / "cache"))

# Every destroyed data key, one JSON line each (vault.erasure_ledger), outside the database: a restore of an older
# backup erases them again. Keep a copy off the server too: a restore onto a new machine needs it.
ERASURE_LEDGER = Path(os.environ.get("SAFEREPORT_ERASURE_LEDGER", DATA_DIR / "erasure-ledger.jsonl"))
# The key that encrypts backups (vault.backup_seal), created owner-only by the first `safereport backup`. Keep a
# copy OFF the server: a backup is only as useful as the key that opens it, and only as safe as where the key is.
BACKUP_KEY_FILE = Path(os.environ.get("SAFEREPORT_BACKUP_KEY_FILE", DATA_DIR / "keys" / "backup.key"))

# The Ed25519 key that signs audit checkpoints lives outside the database (docs/audit.md), created owner-only
# on first use; whoever can rewrite the database must not also be able to re-sign its history. Verifiers that
# hold only public keys (an old key after rotation, an outside auditor) list them, hex, comma-separated.
AUDIT_CHECKPOINT_KEY_FILE = Path(
    os.environ.get("SAFEREPORT_AUDIT_CHECKPOINT_KEY_FILE", DATA_DIR / "keys" / "audit-checkpoint.key")
)
AUDIT_CHECKPOINT_TRUSTED_KEYS = [
    k.strip() for k in os.environ.get("SAFEREPORT_AUDIT_CHECKPOINT_TRUSTED_KEYS", "").split(",") if k.strip()
]
# Every checkpoint is also appended here, one JSON document a line, so a copy survives a rewritten database.
AUDIT_CHECKPOINT_LOG = Path(os.environ.get("SAFEREPORT_AUDIT_CHECKPOINT_LOG", DATA_DIR / "audit-checkpoints.jsonl"))

SESSION_ENGINE = "safereport.session_store"  # database sessions, no visit times beyond expiry
# The longest any session lives; a staff session also ends after STAFF_IDLE_MINUTES without a request
# (web/staff/idle.py). Reporters' return visits end after 30 minutes (web/reporter/session.py).
SESSION_COOKIE_AGE = 8 * 60 * 60
STAFF_IDLE_MINUTES = int(os.environ.get("SAFEREPORT_STAFF_IDLE_MINUTES", "30"))
# Days between a reporter asking to erase their report and its erasure (intake.actions.erase_due, run daily):
# until then the reporter, or their advocate, can cancel it, so someone who finds the codename cannot
# destroy a case in one click. At least 1.
SAFEREPORT_ERASURE_COOLING_OFF_DAYS = max(1, int(os.environ.get("SAFEREPORT_ERASURE_COOLING_OFF_DAYS", "7")))
# How long records are kept when nobody erases them (intake.retention; docs/operations.md, Retention). 0 = never
# expires on its own.
RETENTION_DAYS = {
    kind: max(0, int(os.environ.get(f"SAFEREPORT_RETENTION_{kind.upper()}_DAYS", default)))
    for kind, default in (("closed_case", "2190"), ("report_without_contact", "730"), ("message", "0"))
}
# The second factor (accounts.second_factor). django-otp's own throttle doubles a device's wait after each wrong
# code, which anyone with the password could use to lock its owner out: off, and accounts.code_throttle instead.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_TOTP_ISSUER = "SafeReport"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Strict"
CSRF_COOKIE_SAMESITE = "Strict"
# Every cookie lives only until the browser closes: a one-year csrftoken on a shared phone is a trace of the visit.
CSRF_COOKIE_AGE = None
LANGUAGE_COOKIE_AGE = None
SECURE_COOKIES = _env_flag(
    "SAFEREPORT_SECURE_COOKIES", default=not DEBUG and not TESTING and bool(os.environ.get("DATABASE_URL"))
)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
# Behind TLS (production): redirect plain HTTP and pin HTTPS with HSTS. The reverse proxy must set
# X-Forwarded-Proto; SAFEREPORT_HTTPS=0 turns this off for a plain-HTTP evaluation behind PostgreSQL.
if _env_flag("SAFEREPORT_HTTPS", default=SECURE_COOKIES):
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True  # subdomains of the service's own host only
    # Joining the browsers' preload list is a decision for the domain's owner (hard to undo).
    SECURE_HSTS_PRELOAD = _env_flag("SAFEREPORT_HSTS_PRELOAD")
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
# "same-origin", not "no-referrer": under no-referrer browsers send `Origin: null` on every POST, which
# Django's CSRF check rejects. same-origin still sends nothing to any other site (the quick exit included).
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español"), ("ar", "العربية")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
# Dates as people read them ("5 December 2026", "5 de diciembre de 2026"): our formats first, Django's after.
FORMAT_MODULE_PATH = ["safereport.formats"]
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise serves from finders; this only silences its warning
# Evidence files (safereport.evidence), sealed with their report's data key before they are written: a directory
# in the data directory by default (owner-only), or any Django storage, such as S3-compatible object storage with
# django-storages, set by SAFEREPORT_EVIDENCE_STORAGE (docs/operations.md, "Evidence files").
EVIDENCE_DIR = Path(os.environ.get("SAFEREPORT_EVIDENCE_DIR", DATA_DIR / "evidence"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "evidence": (
        json.loads(os.environ["SAFEREPORT_EVIDENCE_STORAGE"])
        if os.environ.get("SAFEREPORT_EVIDENCE_STORAGE")
        else {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": EVIDENCE_DIR, "file_permissions_mode": 0o600, "directory_permissions_mode": 0o700},
        }
    ),
}
WHITENOISE_USE_FINDERS = True

# Largest request body accepted; larger gets a 413 and stores nothing.
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
# Evidence files: one a request, held in memory only and never past the size limit (evidence.uploads), so no
# photo is ever spooled in plain text to a temporary file. Limits are in docs/operations.md ("Evidence files").
FILE_UPLOAD_HANDLERS = ["safereport.evidence.uploads.BoundedMemoryUploadHandler"]
DATA_UPLOAD_MAX_NUMBER_FILES = 1
EVIDENCE_MAX_BYTES = int(float(os.environ.get("SAFEREPORT_EVIDENCE_MAX_MB", "10")) * 1024 * 1024)
EVIDENCE_MAX_PIXELS = int(os.environ.get("SAFEREPORT_EVIDENCE_MAX_PIXELS", "40000000"))
EVIDENCE_MAX_FILES = int(os.environ.get("SAFEREPORT_EVIDENCE_MAX_FILES", "10"))
# Audio recordings are checked and rebuilt by Debian's ffmpeg (evidence.audio; `make media-deps` installs it).
EVIDENCE_MAX_AUDIO_MINUTES = float(os.environ.get("SAFEREPORT_EVIDENCE_MAX_AUDIO_MINUTES", "60"))
EVIDENCE_FFMPEG = os.environ.get("SAFEREPORT_FFMPEG", "/usr/bin/ffmpeg")
EVIDENCE_FFPROBE = os.environ.get("SAFEREPORT_FFPROBE", "/usr/bin/ffprobe")
NARRATIVE_MAX_CHARS = 20_000
MESSAGE_MAX_CHARS = 5_000

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Rate limits are counted in the database (safereport.ratelimit), not in this per-process cache, so every
# gunicorn worker sees the same counts. Their digests are keyed by an hourly random key kept here:
RATELIMIT_KEY_DIR = DATA_DIR / "ratelimit-keys"
# The reverse proxy (address or network, comma-separated) whose X-Forwarded-For names the real client, used
# only to count guesses per client and never stored. Unset: REMOTE_ADDR is the client.
TRUSTED_PROXY = os.environ.get("SAFEREPORT_TRUSTED_PROXY", "")

# Where "leave this site quickly" sends the reporter (after /exit/ has ended the visit): an ordinary, innocuous page.
# Staff notices (accounts.notices): the console in the demo, SMTP when SAFEREPORT_EMAIL_HOST is set.
SITE_URL = os.environ.get("SAFEREPORT_SITE_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = os.environ.get("SAFEREPORT_FROM_EMAIL", "safereport@localhost")
if os.environ.get("SAFEREPORT_EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["SAFEREPORT_EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("SAFEREPORT_EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("SAFEREPORT_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("SAFEREPORT_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = True
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

QUICK_EXIT_URL = os.environ.get("SAFEREPORT_QUICK_EXIT_URL", "https://www.bbc.co.uk/weather")

# No handler prints request metadata: rule 8 (no IP addresses, user agents or content in logs).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # No time of day: a line about a reporter's request must not date it to the second (the journal that
    # collects the output adds its own times; docs/operations.md says to keep them coarse).
    "formatters": {"plain": {"format": "%(levelname)s %(name)s %(message)s"}},
    "filters": {
        "drop_below_warning": {"()": "safereport.log_hygiene.DropBelowWarning"},
        "exception_text_scrubbed": {"()": "safereport.log_hygiene.ExceptionTextScrubbed"},
        "addresses_removed": {"()": "safereport.log_hygiene.AddressesRemoved"},
        "request_paths_withheld": {"()": "safereport.log_hygiene.RequestPathsWithheld"},
    },
    # On the handler, so every logger's records pass it (a logger's own filters do not see its children's).
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_paths_withheld", "addresses_removed"],
        }
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django.server": {"handlers": [], "propagate": False},
        # Its DEBUG records quote template context (a package, a narrative) when a variable is
        # missing; no level of logging may carry report content (rule 8).
        "django.template": {"level": "WARNING", "filters": ["drop_below_warning"]},
        "django.request": {"filters": ["exception_text_scrubbed"]},
    },
}

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    VAULT_KDF_PROFILE = "minimum"

# Rough areas a reporter may choose from; each organisation serves some of them.
AREAS = [
    ("north", _("North")),
    ("south", _("South")),
    ("east", _("East")),
    ("west", _("West")),
    ("centre", _("City centre")),
]
