"""An organisation's own questionnaire: loaded from JSON or YAML, versioned, its own only; bad files refused whole."""

import copy
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from safereport.audit.actions import AuditAction
from safereport.audit.models import AuditEntry
from safereport.risk.builtin_sets import BUILT_IN, DOMESTIC_ABUSE
from safereport.risk.models import Questionnaire
from safereport.risk.questionnaire import InvalidQuestionnaire
from safereport.risk.sets import current_sets, load_questionnaire, read_file, set_key_for

LICENSED = copy.deepcopy(DOMESTIC_ABUSE) | {
    "version": "licensed-7.2",
    "title": "Our licensed checklist",
    "source": "Used under licence",
    "questions": [
        {"id": "first", "text": "First licensed question?"},
        {"id": "second", "text": "Second licensed question?", "trigger": True},
        {"id": "third", "text": "Third licensed question?"},
    ],
    "thresholds": {"medium": 1, "high": 2},
}

YAML = """\
format: 1
crime_type: hate_crime
version: "2027.1"
title: Hate crime questions
questions:
  - id: repeated
    text: Targeted more than once?
  - id: threats
    text: Threatened with death?
    trigger: true
thresholds: {medium: 1, high: 2}
next_steps:
  standard: Keep records.
  medium: Offer support.
  high: Plan for safety now.
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_an_organisations_loaded_set_is_used_for_its_cases_only(world):
    row, created = load_questionnaire(world.north.org, LICENSED, actor="operator")
    assert created
    north, south = current_sets(world.north.org.pk), current_sets(world.south.org.pk)
    assert north["domestic_abuse"] == row
    assert south["domestic_abuse"].organisation_id is None  # South still has SafeReport's own
    assert south["domestic_abuse"].version == BUILT_IN["domestic_abuse"].version
    assert not Questionnaire.objects.usable_by(world.south.org.pk).filter(pk=row.pk).exists()


def test_the_latest_loaded_version_is_current_and_earlier_ones_stay(world):
    first, _ = load_questionnaire(world.north.org, LICENSED, actor="operator")
    second, _ = load_questionnaire(world.north.org, LICENSED | {"version": "licensed-7.3"}, actor="operator")
    assert current_sets(world.north.org.pk)["domestic_abuse"] == second
    assert Questionnaire.objects.filter(pk=first.pk).exists()


def test_loading_the_same_version_again_changes_nothing(world):
    row, _ = load_questionnaire(world.north.org, LICENSED, actor="operator")
    again, created = load_questionnaire(world.north.org, copy.deepcopy(LICENSED), actor="operator")
    assert (again, created) == (row, False)
    assert AuditEntry.objects.filter(action=AuditAction.RISK_QUESTIONNAIRE_LOADED).count() == 1


def test_a_loaded_version_cannot_be_changed(world):
    load_questionnaire(world.north.org, LICENSED, actor="operator")
    changed = copy.deepcopy(LICENSED)
    changed["thresholds"] = {"medium": 1, "high": 3}
    with pytest.raises(InvalidQuestionnaire, match="already loaded with other content; a changed set needs a new version"):
        load_questionnaire(world.north.org, changed, actor="operator")
    assert Questionnaire.objects.get(organisation=world.north.org).definition["thresholds"]["high"] == 2


def test_loading_is_audited_without_content(world):
    load_questionnaire(world.north.org, LICENSED, actor="operator")
    entry = AuditEntry.objects.get(action=AuditAction.RISK_QUESTIONNAIRE_LOADED)
    assert entry.target == f"organisation:{world.north.org.pk}"
    assert entry.detail == {"crime_type": "domestic_abuse", "version": "licensed-7.2"}


def test_a_crime_type_without_a_set_of_its_own_uses_the_generic_one(world):
    sets = current_sets(world.north.org.pk)
    assert set_key_for("theft", sets) == "generic"
    assert set_key_for("domestic_abuse", sets) == "domestic_abuse"


def test_yaml_and_json_files_load(tmp_path):
    assert read_file(write(tmp_path, "set.yaml", YAML))["questions"][1]["trigger"] is True
    assert read_file(write(tmp_path, "set.json", json.dumps(LICENSED)))["version"] == "licensed-7.2"


@pytest.mark.parametrize(
    ("name", "text", "named"),
    [
        ("set.json", '{"format": 1,\n "version": }', "not valid JSON at line 2, column 13"),
        ("set.json", '{"version": "1", "version": "2"}', "version: given twice"),
        ("set.yaml", "format: 1\nquestions: [unclosed\n", "not valid YAML at line 3"),
        ("set.yaml", "version: '1'\nversion: '2'\n", "version: given twice"),
    ],
)
def test_an_unreadable_file_is_refused_saying_where(tmp_path, name, text, named):
    with pytest.raises(InvalidQuestionnaire) as refused:
        read_file(write(tmp_path, name, text))
    assert named in refused.value.errors[0]


def test_a_missing_or_binary_file_is_refused(tmp_path):
    with pytest.raises(InvalidQuestionnaire, match="no such file"):
        read_file(tmp_path / "missing.json")
    (tmp_path / "binary.json").write_bytes(b"\xff\xfe")
    with pytest.raises(InvalidQuestionnaire, match="not UTF-8"):
        read_file(tmp_path / "binary.json")


def test_the_command_loads_a_file_for_an_organisation(world, tmp_path, capsys):
    call_command("load_risk_questionnaire", str(write(tmp_path, "set.yaml", YAML)), org="north")
    assert "Loaded version 2027.1 of the hate_crime set for North Support" in capsys.readouterr().out
    assert current_sets(world.north.org.pk)["hate_crime"].organisation == world.north.org
    call_command("load_risk_questionnaire", str(tmp_path / "set.yaml"), org="north")
    assert "already loaded, with the same content" in capsys.readouterr().out


def test_the_command_lists_every_problem_and_stores_nothing(world, tmp_path):
    bad = copy.deepcopy(LICENSED)
    bad["questions"][1]["id"] = "first"
    bad["thresholds"] = {"medium": 1, "high": 9}
    path = write(tmp_path, "bad.json", json.dumps(bad))
    with pytest.raises(CommandError) as refused:
        call_command("load_risk_questionnaire", str(path), org="north")
    message = str(refused.value)
    assert "nothing was stored" in message
    assert "questions[2].id: 'first' is used by an earlier question" in message
    assert "thresholds.high: 9 is more than the 3 questions" in message
    assert not Questionnaire.objects.filter(organisation=world.north.org).exists()


def test_the_command_refuses_an_unknown_or_police_organisation(world, tmp_path):
    path = write(tmp_path, "set.yaml", YAML)
    for slug in ("nowhere", "shire-police"):
        with pytest.raises(CommandError, match="No support organisation"):
            call_command("load_risk_questionnaire", str(path), org=slug)


def test_the_example_a_command_prints_loads_back(world, tmp_path, capsys):
    call_command("load_risk_questionnaire", example="sexual_violence")
    printed = json.loads(capsys.readouterr().out)
    printed["version"] = "ours-1"
    row, _ = load_questionnaire(world.north.org, printed, actor="operator")
    assert row.parsed.questions == BUILT_IN["sexual_violence"].questions
