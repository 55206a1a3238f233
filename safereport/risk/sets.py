"""Which questionnaire a case is assessed with, and loading an organisation's own (licensed) set from a file."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from django.db import transaction

from safereport.audit.actions import AuditAction
from safereport.audit.log import record

from .builtin_sets import BUILT_IN
from .models import Questionnaire
from .questionnaire import CRIME_TYPE_KEYS, GENERIC, InvalidQuestionnaire, parse, to_data


def _refuse_duplicate_keys(pairs):
    seen: dict = {}
    for key, value in pairs:
        if key in seen:
            raise InvalidQuestionnaire([f"{key}: given twice in one mapping; keep one"])
        seen[key] = value
    return seen


class _UniqueKeyLoader(yaml.SafeLoader):
    """YAML's safe loader, refusing a key given twice (plain YAML keeps the last one silently)."""


def _yaml_mapping(loader, node, deep=False):
    loader.flatten_mapping(node)
    return _refuse_duplicate_keys(
        (loader.construct_object(k, deep=deep), loader.construct_object(v, deep=deep)) for k, v in node.value
    )


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _yaml_mapping)


def read_file(path: Path) -> object:
    """A questionnaire file's content (JSON, or YAML for .yaml/.yml); InvalidQuestionnaire says what is wrong where."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InvalidQuestionnaire([f"{path}: no such file"]) from None
    except UnicodeDecodeError:
        raise InvalidQuestionnaire([f"{path}: not UTF-8 text"]) from None
    if path.suffix.lower() in (".yaml", ".yml"):
        try:
            return yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 (a SafeLoader subclass)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
            raise InvalidQuestionnaire([f"{path}: not valid YAML{where}: {getattr(error, 'problem', error)}"]) from None
    try:
        return json.loads(text, object_pairs_hook=_refuse_duplicate_keys)
    except json.JSONDecodeError as error:
        raise InvalidQuestionnaire(
            [f"{path}: not valid JSON at line {error.lineno}, column {error.colno}: {error.msg}"]
        ) from None


@transaction.atomic
def load_questionnaire(organisation, data: object, *, actor: str) -> tuple[Questionnaire, bool]:
    """Store one version of an organisation's set; (row, False) when that exact version is already loaded.

    A version is fixed once loaded: the same version with other content is refused, so an assessment
    always reads back the questions it was made with.
    """
    definition = parse(data)
    stored = to_data(definition)
    existing = Questionnaire.objects.filter(
        organisation=organisation, crime_type=definition.crime_type, version=definition.version
    ).first()
    if existing is not None:
        if existing.definition != stored:
            raise InvalidQuestionnaire(
                [
                    f"version: {definition.version!r} of the {definition.crime_type} set is already loaded with other "
                    "content; a changed set needs a new version"
                ]
            )
        return existing, False
    row = Questionnaire.objects.create(
        organisation=organisation, crime_type=definition.crime_type, version=definition.version, definition=stored
    )
    record(
        AuditAction.RISK_QUESTIONNAIRE_LOADED,
        actor=actor,
        target=f"organisation:{organisation.pk}",
        crime_type=definition.crime_type,
        version=definition.version,
    )
    return row, True


def _built_in(key: str) -> Questionnaire:
    definition = BUILT_IN[key]
    row, _created = Questionnaire.objects.get_or_create(
        organisation=None, crime_type=key, version=definition.version, defaults={"definition": to_data(definition)}
    )
    return row


def current_sets(organisation_id: int) -> dict[str, Questionnaire]:
    """For each crime type with a set (and "generic"): the organisation's latest loaded version, else SafeReport's."""
    loaded: dict[str, Questionnaire] = {}
    for row in Questionnaire.objects.filter(organisation_id=organisation_id).order_by("loaded_at"):
        loaded[row.crime_type] = row  # the latest loaded wins
    return {key: loaded[key] if key in loaded else _built_in(key) for key in CRIME_TYPE_KEYS if key in loaded or key in BUILT_IN}


def set_key_for(crime_type: str, sets: dict[str, Questionnaire]) -> str:
    """The set a case of `crime_type` is assessed with by default: its own, else the generic one."""
    return crime_type if crime_type in sets else GENERIC
