"""Fixtures for reporter-facing tests."""
from types import SimpleNamespace

import pytest
from django.core.cache import cache

from safereport.intake import throttle


@pytest.fixture(autouse=True)
def frozen_rate_limit_window(monkeypatch):
    """Empty counters, and a clock that stays inside one rate-limit window for the whole test."""
    start = (1_800_000_000 // throttle.WINDOW_SECONDS) * throttle.WINDOW_SECONDS + 1
    monkeypatch.setattr(throttle, "time", SimpleNamespace(time=lambda: start))
    cache.clear()
    yield
    cache.clear()
