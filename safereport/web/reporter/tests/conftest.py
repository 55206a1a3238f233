"""Fixtures for reporter-facing tests."""

import pytest

from safereport.ratelimit import clock, rotating_key


@pytest.fixture(autouse=True)
def frozen_rate_limit_clock(monkeypatch):
    """A limiter clock that stays inside one window and one key hour for the whole test."""
    start = (1_800_000_000 // rotating_key.ROTATION_SECONDS) * rotating_key.ROTATION_SECONDS + 1
    monkeypatch.setattr(clock, "now", lambda: start)
