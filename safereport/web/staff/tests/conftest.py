"""Staff-page tests: a fresh rate-limit cache each, a signed-in client per person, and the firewall tests' register fixtures."""

import pytest
from django.core.cache import cache
from django.test import Client

from safereport.firewall.tests.conftest import (  # noqa: F401  (fixtures and the values they plant)
    CRIME_FACT,
    IMMIGRATION_NOTE,
    PHONE,
    STATUS_STATEMENT,
    court_order,
    register,
    second_supervisor,
    seeded_case,
)


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def as_user(sign_in):
    """`as_user(user)`: a client of its own, signed in as `user` through both steps."""
    return lambda user: sign_in(user, test_client=Client())
