"""`safereport check --deploy` fails on unsafe production settings, and the embedded demo still checks clean."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from safereport.deployment import checks as deploy

ROOT = Path(__file__).resolve().parent.parent
STRONG_KEY = secrets.token_urlsafe(50)
PRODUCTION = dict(
    DEBUG=False,
    SECURE_SSL_REDIRECT=True,
    SECURE_HSTS_SECONDS=365 * 24 * 60 * 60,
    SESSION_COOKIE_SECURE=True,
    CSRF_COOKIE_SECURE=True,
    SECRET_KEY=STRONG_KEY,
    SECRET_KEY_FALLBACKS=[],
    ALLOWED_HOSTS=["report.example.org"],
    VAULT_KDF_PROFILE="moderate",
    PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"],
)
SETTINGS_CHECKS = (
    deploy.debug_is_off,
    deploy.https_is_enforced,
    deploy.secret_key_is_strong,
    deploy.allowed_hosts_are_named,
    deploy.password_protection_is_production_strength,
)


def _safereport(tmp_path, *args, **environment) -> subprocess.CompletedProcess:
    """Run the console command as an operator would: no test-suite variables, a fresh data directory."""
    # Browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process, which Django's own deploy check refuses.
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SAFEREPORT_", "DJANGO_")) and k not in {"DATABASE_URL", "PYTEST_VERSION"}
    }
    env.update(SAFEREPORT_DATA_DIR=str(tmp_path / "var"), **environment)
    return subprocess.run(
        [sys.executable, "-m", "safereport.cli", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def _ids(errors) -> list[str]:
    return sorted(e.id for e in errors)


def _run_settings_checks():
    return [error for check in SETTINGS_CHECKS for error in check()]


def test_check_deploy_exits_non_zero_for_sqlite_even_with_everything_else_right(tmp_path):
    done = _safereport(
        tmp_path,
        "check",
        "--deploy",
        SAFEREPORT_SECRET_KEY=STRONG_KEY,
        SAFEREPORT_HTTPS="1",
        SAFEREPORT_SECURE_COOKIES="1",
        SAFEREPORT_ALLOWED_HOSTS="report.example.org",
    )
    assert done.returncode == 1
    assert "deployment.E001" in done.stderr and "SQLite" in done.stderr
    assert [i for i in ("E002", "E003", "E004", "E005", "E006", "E007", "E008", "E009") if f"deployment.{i}" in done.stderr] == []


def test_check_deploy_passes_for_the_documented_production_settings(tmp_path):
    done = _safereport(
        tmp_path,
        "check",
        "--deploy",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/sr_deploy_check_absent",
        SAFEREPORT_SECRET_KEY=STRONG_KEY,
        SAFEREPORT_ALLOWED_HOSTS="report.example.org",
    )
    assert done.returncode == 0, done.stderr
    assert "deployment." not in done.stdout + done.stderr


def test_embedded_demo_still_checks_clean_without_deploy(tmp_path):
    done = _safereport(tmp_path, "check")  # what migrate and `make check` run for `make run`
    assert done.returncode == 0, done.stderr


@override_settings(**PRODUCTION)
def test_production_settings_raise_no_deploy_error():
    assert _run_settings_checks() == []


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        ({"DEBUG": True}, ["deployment.E002"]),
        ({"SECURE_SSL_REDIRECT": False}, ["deployment.E003"]),
        ({"SECURE_HSTS_SECONDS": 0}, ["deployment.E004"]),
        ({"SECURE_HSTS_SECONDS": 3600}, ["deployment.E004"]),
        ({"SESSION_COOKIE_SECURE": False}, ["deployment.E005"]),
        ({"CSRF_COOKIE_SECURE": False}, ["deployment.E005"]),
        ({"ALLOWED_HOSTS": ["*"]}, ["deployment.E007"]),
        ({"VAULT_KDF_PROFILE": "minimum"}, ["deployment.E008"]),
        ({"VAULT_KDF_PROFILE": "fast-please"}, ["deployment.E008"]),
        ({"PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"]}, ["deployment.E009"]),
    ],
)
def test_each_unsafe_production_setting_is_an_error(override, expected):
    with override_settings(**{**PRODUCTION, **override}):
        assert _ids(_run_settings_checks()) == expected


@pytest.mark.parametrize(
    "key",
    [
        "short-key",
        "django-insecure-" + secrets.token_urlsafe(50),
        "abcd" * 20,
        "changeme-" + secrets.token_urlsafe(50),
        "x" * 80,
    ],
)
def test_default_short_or_placeholder_secret_key_is_an_error_and_never_quoted(key):
    with override_settings(**{**PRODUCTION, "SECRET_KEY": key}):
        errors = _run_settings_checks()
    assert _ids(errors) == ["deployment.E006"]
    assert key not in errors[0].msg + errors[0].hint


def test_weak_fallback_secret_key_is_an_error_too():
    with override_settings(**{**PRODUCTION, "SECRET_KEY_FALLBACKS": [STRONG_KEY, "old"]}):
        errors = _run_settings_checks()
    assert _ids(errors) == ["deployment.E006"] and "SECRET_KEY_FALLBACKS[1]" in errors[0].msg
