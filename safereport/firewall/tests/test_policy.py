"""Field classification and the disclosure policy: every field has a class, and `immigration` never goes."""

from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import models
from django.test.utils import isolate_apps
from hypothesis import given
from hypothesis import strategies as st

from safereport.firewall import checks, classification
from safereport.firewall.classification import CLASSES, FIELD_CLASSES, IMMIGRATION, unclassified_fields
from safereport.firewall.policy import (
    IMMIGRATION_ENFORCEMENT,
    LOCAL_AUTHORITY,
    POLICE,
    RECIPIENT_KINDS,
    SUPPORT_SERVICE,
    rule,
)


def consent(share_contact=False, share_narrative=False):
    return SimpleNamespace(share_contact=share_contact, share_narrative=share_narrative)


# Classification


def test_every_stored_field_of_case_data_is_classified():
    assert unclassified_fields() == []


def test_every_class_is_a_known_class():
    assert set(FIELD_CLASSES.values()) <= set(CLASSES)


def test_classification_names_real_fields_only():
    """A stale entry would hide a renamed field: every key must point at a concrete field that exists."""
    for key in FIELD_CLASSES:
        app_label, model_name, field_name = key.split(".")
        model = apps.get_model(app_label, model_name)
        assert field_name in {f.name for f in model._meta.concrete_fields}, key


def test_immigration_information_is_classified_immigration():
    assert FIELD_CLASSES["intake.Report.immigration_advice_sealed"] == IMMIGRATION
    assert FIELD_CLASSES["cases.ImmigrationAdvice.notes_sealed"] == IMMIGRATION


def test_removing_a_classification_is_caught_by_the_function_and_the_system_check(monkeypatch):
    monkeypatch.delitem(FIELD_CLASSES, "intake.Report.narrative_sealed")
    assert unclassified_fields() == ["intake.Report.narrative_sealed"]
    errors = checks.every_field_classified()
    assert [e.id for e in errors] == ["firewall.E001"] and "intake.Report.narrative_sealed" in errors[0].msg


@isolate_apps("safereport.intake")
def test_a_new_model_field_without_a_class_is_caught(monkeypatch):
    class Evidence(models.Model):
        report_reference = models.CharField(max_length=20)
        file_sealed = models.BinaryField()

        class Meta:
            app_label = "intake"

    config = apps.get_app_config("intake")
    real_models = config.get_models
    monkeypatch.setattr(config, "get_models", lambda *a, **k: [*real_models(*a, **k), Evidence])
    assert set(unclassified_fields()) == {"intake.Evidence.id", "intake.Evidence.report_reference", "intake.Evidence.file_sealed"}
    monkeypatch.setitem(FIELD_CLASSES, "intake.Evidence.id", classification.OPERATIONAL)
    monkeypatch.setitem(FIELD_CLASSES, "intake.Evidence.report_reference", classification.OPERATIONAL)
    monkeypatch.setitem(FIELD_CLASSES, "intake.Evidence.file_sealed", classification.NARRATIVE)
    assert unclassified_fields() == []


# Policy


def test_immigration_enforcement_is_refused_even_with_full_consent():
    ruling = rule(IMMIGRATION_ENFORCEMENT, consent(True, True))
    assert not ruling.allowed and ruling.classes == frozenset() and "immigration enforcement" in ruling.reason


@pytest.mark.parametrize("kind", [LOCAL_AUTHORITY, SUPPORT_SERVICE])
def test_other_recipients_are_refused_without_consent(kind):
    ruling = rule(kind, None)
    assert not ruling.allowed and ruling.classes == frozenset() and kind in ruling.reason


def test_unknown_recipient_kind_is_refused():
    assert not rule("newspaper", consent(True, True)).allowed


def test_police_without_consent_or_with_consent_withheld_is_refused():
    assert not rule(POLICE, None).allowed
    assert not rule(POLICE, consent(False, False)).allowed


def test_police_get_crime_facts_and_narrative_only_with_share_narrative():
    assert rule(POLICE, consent(share_narrative=True)).classes == {"crime_facts", "narrative"}


def test_police_get_contact_only_with_share_contact():
    assert rule(POLICE, consent(share_contact=True)).classes == {"crime_facts", "identity", "contact"}


def test_police_get_both_with_both_consents():
    assert rule(POLICE, consent(True, True)).classes == {"crime_facts", "narrative", "identity", "contact"}


@given(
    kind=st.sampled_from(RECIPIENT_KINDS + ("", "IMMIGRATION_ENFORCEMENT", "home_office")),
    share_contact=st.booleans(),
    share_narrative=st.booleans(),
    has_consent=st.booleans(),
)
def test_immigration_class_is_never_allowed_to_anyone(kind, share_contact, share_narrative, has_consent):
    ruling = rule(kind, consent(share_contact, share_narrative) if has_consent else None)
    assert IMMIGRATION not in ruling.classes
    assert ruling.allowed == bool(kind == POLICE and has_consent and (share_contact or share_narrative))
    if not ruling.allowed:
        assert ruling.classes == frozenset() and ruling.reason
    else:
        assert ("narrative" in ruling.classes) == share_narrative
        assert ("contact" in ruling.classes) == ("identity" in ruling.classes) == share_contact
