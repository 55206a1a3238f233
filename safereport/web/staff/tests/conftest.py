"""Staff-page tests use the disclosure-register fixtures of the firewall's own tests."""

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
