"""A seized server reveals no report content; a staff password or a codename opens exactly what it should."""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import json
import os
import re
import sys
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.db import connection
from django.test import Client

from safereport.audit.models import AuditEntry
from safereport.cases import actions as case_actions
from safereport.cases import eligibility
from safereport.cases.models import CaseNote, ImmigrationAdvice
from safereport.firewall import referrals
from safereport.firewall.models import Referral
from safereport.firewall.tests.conftest import remove_every_mark
from safereport.intake import actions as intake_actions
from safereport.intake.models import Report
from safereport.services import referrals as service_referrals
from safereport.services.models import Service, ServiceReferral
from safereport.vault import crypto, keyring, records, session_keys
from safereport.vault.models import CodenameWrap, OrganisationKey, OrganisationKeyGrant, SealedDataKey, StaffKey
from safereport.web.reporter.tests.report_form_walk import ReportForm, codename_shown

THREAT_MODEL = Path(__file__).resolve().parent.parent / "docs" / "threat-model.md"

# Strings that exist only in what people wrote: finding any of them on disk is a leak.
REPORT_A = {
    "crime_type": "domestic_abuse",
    "language": "en",
    "area": "north",
    "occurred_on": "2026-01-14",
    "narrative": "Ulfric Brannagh-Volkov hit me behind the Quillhaven laundrette. Ñandú Quiñonero saw it. "
    "My visa expired in March.",
    "wants": ["advocate", "interpreter", "immigration_advice"],
    "interpreter_language": "Spanish",
    "contact": {"name": "Marisol Tenwick-Oyelaran", "phone": "+44 7700 900461", "email": "marisol.tenwick@quillmail.example"},
    "consent": {"police": {"share_contact": True, "share_narrative": True}},
}
REPORT_B = {
    "crime_type": "theft",
    "language": "en",
    "area": "north",
    "narrative": "Someone took my bicycle from the rack at Harrowgate Mews.",
    "contact": {"email": "bystander.b@harrowmail.example"},
}
REPORTER_API_MESSAGE = "Bring the blue folder to Pemberton-Okafor's flat."
REPORTER_WEB_MESSAGE = "I can meet near Kettleborough bus station."
ADVOCATE_REPLY = "We will meet you at Wexcombe Library on Thursday."
CASE_NOTE = "Bruising on left wrist; afraid of a cousin called Thadeus."
IMMIGRATION_NOTES = "Entered on spouse visa GB8813472; eligible for the DDV concession."
CRIME_REFERENCE = "NS/2026/88812"

DISTINCTIVE = [
    "Ulfric Brannagh-Volkov",
    "Quillhaven laundrette",
    "Ñandú Quiñonero",
    "My visa expired in March",
    "Marisol Tenwick-Oyelaran",
    "7700 900461",
    "7700900461",
    "marisol.tenwick@quillmail.example",
    "Harrowgate Mews",
    "bystander.b@harrowmail.example",
    "Pemberton-Okafor",
    "Kettleborough bus station",
    "Wexcombe Library",
    "cousin called Thadeus",
    "GB8813472",
    "DDV concession",
    CRIME_REFERENCE,
]


# --- encodings a careless change could store plaintext in ------------------------------------------------


def _base64_needles(data: bytes) -> set[bytes]:
    """Base64 of `data` as it appears inside a longer encoded blob, whatever its byte alignment there."""
    needles = set()
    for skip in range(3):
        whole = data[skip:][: (len(data) - skip) // 3 * 3]
        if len(whole) >= 6:
            needles.add(base64.b64encode(whole))
            needles.add(base64.urlsafe_b64encode(whole))
    return needles


def needles(text: str) -> set[bytes]:
    found = set()
    for variant in {text, text.lower(), text.upper()}:
        raw = variant.encode("utf-8")
        found |= {raw, variant.encode("utf-16-le"), variant.encode("utf-16-be"), json.dumps(variant)[1:-1].encode()}
        found |= {raw.hex().encode(), raw.hex().upper().encode()}
        found |= _base64_needles(raw)
    return found


def leaks(secrets: list[str], material: list[tuple[str, bytes]]) -> list[str]:
    return [
        f"{secret!r} in {label}" for secret in secrets for needle in needles(secret) for label, blob in material if needle in blob
    ]


# --- the seizure -----------------------------------------------------------------------------------------


def _as_bytes(value) -> bytes:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    return str(value).encode("utf-8")


def seize() -> list[tuple[str, bytes]]:
    """Everything an adversary carries away from the server: every row, sessions, settings, environment, files.

    pytest-django may keep SQLite in memory, so the database is copied row by row rather than as a file.
    """
    material = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            columns = [c[0] for c in cursor.description]
            for n, row in enumerate(cursor.fetchall()):
                material += [(f"{table}.{col}[{n}]", _as_bytes(value)) for col, value in zip(columns, row)]
                if table == "django_session":
                    # Session data is signed and compressed, not encrypted: anyone can decode it.
                    decoded = SessionStore().decode(dict(zip(columns, row))["session_data"])
                    material.append((f"{table} decoded[{n}]", json.dumps(decoded).encode()))
    material.append(("settings source", Path(sys.modules[settings.SETTINGS_MODULE].__file__).read_bytes()))
    material.append(("settings values", repr({k: getattr(settings, k) for k in dir(settings) if k.isupper()}).encode()))
    material.append(("SECRET_KEY", settings.SECRET_KEY.encode()))
    material += [(f"env {k}", f"{k}={v}".encode()) for k, v in os.environ.items()]
    files = [p for p in Path(settings.DATA_DIR).rglob("*") if p.is_file()]
    database_file = Path(str(connection.settings_dict["NAME"]))
    files += [database_file] if database_file.is_file() else []
    material += [(f"file {p}", p.read_bytes()) for p in files]
    return material


def key_candidates(material) -> set[bytes]:
    """Every value on disk that could be a 32- or 64-byte key, raw or text-encoded, and keys derived from SECRET_KEY."""
    candidates = set()
    for _label, blob in material:
        pieces = [blob] + re.findall(rb"[A-Za-z0-9+/_=-]{40,}", blob)
        for piece in pieces:
            for decode in (bytes, base64.b64decode, base64.urlsafe_b64decode, binascii.unhexlify):
                try:
                    value = decode(piece)
                except (binascii.Error, ValueError):
                    continue
                if len(value) in (32, 64):
                    candidates.add(value)
    secret = settings.SECRET_KEY.encode()
    candidates |= {
        hashlib.sha256(secret).digest(),
        hashlib.blake2b(secret, digest_size=32).digest(),
        hashlib.blake2b(secret).digest(),
        secret[:32],
    }
    return candidates


def text_values(material) -> set[str]:
    texts = set()
    for _label, blob in material:
        text = blob.decode("utf-8", "ignore")
        if len(text) < 300:
            texts.add(text)
        texts |= set(re.findall(r"[a-z]+(?:[- ][a-z]+){6}", text))  # anything shaped like a codename
    return texts


# --- the journey -----------------------------------------------------------------------------------------


def submit_by_api(client, payload) -> tuple[str, str]:
    response = client.post("/api/v1/reports", data=json.dumps(payload), content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    return body["reference"], body["codename"]


@pytest.fixture
def journey(world, sign_in):
    """Two reports by API, messages both ways, notes, immigration advice, a referral and its crime reference."""
    reporter = Client()
    reference_a, codename_a = submit_by_api(reporter, REPORT_A)
    reference_b, codename_b = submit_by_api(reporter, REPORT_B)
    sent = reporter.post(
        "/api/v1/me/messages",
        data=json.dumps({"body": REPORTER_API_MESSAGE}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Codename {codename_a}",
    )
    assert sent.status_code == 201

    advocate = sign_in(world.north.advocate, test_client=Client())
    case_url = f"/en/staff/cases/{reference_a}/"
    for path, body in (("reply/", ADVOCATE_REPLY), ("note/", CASE_NOTE), ("immigration-advice/", IMMIGRATION_NOTES)):
        assert advocate.post(case_url + path, {"body": body}).status_code == 302
    assert advocate.post(case_url + "refer/", {"police": world.police.org.pk}).status_code == 302
    referral = Referral.objects.get(report__reference=reference_a)

    liaison = sign_in(world.police.police_liaison, test_client=Client())
    assert liaison.get(f"/en/staff/police/{referral.pk}/").status_code == 200
    assert liaison.post(f"/en/staff/police/{referral.pk}/", {"crime_reference": CRIME_REFERENCE}).status_code == 302
    assert advocate.get(case_url).status_code == 200

    # The reporter comes back on the web too, leaving a live reporter session on the server.
    returning = Client()
    assert returning.post("/en/return/", {"codename": codename_a}).status_code == 302
    assert returning.post("/en/my-report/", {"body": REPORTER_WEB_MESSAGE}).status_code == 302

    report_a = Report.objects.get(reference=reference_a)
    # The journey really happened: otherwise "nothing found" would prove nothing.
    # Two note rows: the case note, and the immigration-advice entry, a note like any other in the clear.
    assert report_a.messages.count() == 3 and CaseNote.objects.filter(report=report_a).count() == 2
    assert not ImmigrationAdvice.objects.exists()  # the old overwritable field is no longer written
    assert Referral.objects.get(pk=referral.pk).crime_reference_for_police is not None
    return dict(
        world=world,
        a=report_a,
        b=Report.objects.get(reference=reference_b),
        codename_a=codename_a,
        codename_b=codename_b,
        advocate=advocate,
    )


# --- tests -----------------------------------------------------------------------------------------------


def test_scanner_finds_a_secret_in_every_encoding_at_every_offset():
    secret = "Quillhaven laundrette"
    for offset in range(3):
        blob = os.urandom(offset) + secret.encode() + os.urandom(5)
        for encoded in (
            blob,
            blob.hex().encode(),
            base64.b64encode(blob),
            base64.urlsafe_b64encode(blob),
            ("x" * offset + secret).encode("utf-16-le"),
            json.dumps("é" + secret.upper()).encode(),
        ):
            assert leaks([secret], [("probe", encoded)]), (offset, encoded)
    assert not leaks([secret], [("probe", os.urandom(4000))])


def test_seized_server_holds_no_plaintext_of_anything_anyone_wrote(journey):
    material = seize()
    assert any(label.startswith("intake_report.narrative_sealed") for label, _ in material)
    secrets = DISTINCTIVE + [journey["codename_a"], journey["codename_b"], journey["world"].password]
    secrets += [journey["world"].north.words, journey["world"].police.words]
    assert leaks(secrets, material) == []


def test_seized_material_opens_no_key_and_no_report(journey):
    world, material = journey["world"], seize()
    candidates = key_candidates(material)
    assert any(len(c) == 32 for c in candidates)  # public keys and hashes are there; none may open anything

    sealed = [bytes(s.sealed) for s in SealedDataKey.objects.all()]
    sealed += [bytes(g.sealed_secret) for g in OrganisationKeyGrant.objects.all()]
    sealed += [bytes(k.sealed_for_recovery) for k in OrganisationKey.objects.all()]
    sealed += [bytes(r.package_sealed) for r in Referral.objects.all()]
    opened = []
    for candidate in candidates:
        for pair in (crypto.KeyPair(candidate.ljust(64, b"\0")), crypto.KeyPair.from_seed(candidate)):
            for blob in sealed:
                try:
                    pair.open(blob)
                except crypto.DecryptionFailed:
                    continue
                opened.append(candidate.hex())
        for wrap in CodenameWrap.objects.all():
            try:
                crypto.aead_open(candidate[:32], bytes(wrap.wrapped), f"data-key:{wrap.data_key_id}".encode())
                opened.append(candidate.hex())
            except crypto.DecryptionFailed:
                pass
    assert opened == []

    for report in (journey["a"], journey["b"]):
        with pytest.raises(keyring.AccessDenied):
            records.open_with_organisation(report.data_key_id, keyring.UnlockedOrganisation(report.organisation_id, {}))
        fingerprint = keyring.active_key(report.organisation_id).fingerprint
        for candidate in candidates:
            guess = keyring.UnlockedOrganisation(
                report.organisation_id, {fingerprint: crypto.KeyPair(candidate.ljust(64, b"\0"))}
            )
            with pytest.raises(crypto.DecryptionFailed):
                records.open_with_organisation(report.data_key_id, guess)

    passwords = [settings.SECRET_KEY] + list(os.environ.values())
    for staff_key in StaffKey.objects.select_related("user"):
        for password in passwords:
            with pytest.raises(keyring.AccessDenied):
                keyring.unlock_staff(staff_key.user, password)
    for password in passwords:
        with pytest.raises(keyring.AccessDenied):
            keyring.recover_with_words(world.north.supervisor, password, actor="seizure")
    assert [t for t in text_values(material) if intake_actions.open_with_codename(t)] == []


def test_staff_password_opens_every_report_and_codename_opens_exactly_its_own(journey):
    world, a, b = journey["world"], journey["a"], journey["b"]
    unlocked = keyring.unlock_organisation(world.north.advocate, world.password)
    case_a = case_actions.open_case(a, unlocked, world.north.advocate)
    assert "Quillhaven laundrette" in case_a.narrative and case_a.contact["name"] == "Marisol Tenwick-Oyelaran"
    assert case_a.wants_immigration_advice and case_a.immigration_notes == IMMIGRATION_NOTES
    assert [m.body for m in case_a.messages] == [REPORTER_API_MESSAGE, ADVOCATE_REPLY, REPORTER_WEB_MESSAGE]
    assert [body for _at, _who, body in case_a.notes] == [CASE_NOTE]
    assert case_actions.open_case(b, unlocked, world.north.advocate).narrative == REPORT_B["narrative"]

    police = keyring.unlock_organisation(world.police.police_liaison, world.password)
    opened = referrals.open_referral(a.referrals.get(), police, world.police.police_liaison)
    assert opened.signature_valid and opened.crime_reference == CRIME_REFERENCE
    assert "GB8813472" not in json.dumps(opened.package, ensure_ascii=False)

    access = intake_actions.open_with_codename(journey["codename_a"])
    assert access.report.pk == a.pk and access.cipher.open("narrative", a.narrative_sealed) == REPORT_A["narrative"]
    with pytest.raises(crypto.DecryptionFailed):
        records.RecordCipher(access.key, b.record_id).open("narrative", b.narrative_sealed)
    assert intake_actions.open_with_codename(journey["codename_b"]).report.pk == b.pk
    with pytest.raises(keyring.AccessDenied):
        records.open_with_organisation(a.data_key_id, keyring.unlock_organisation(world.south.advocate, world.password))


def _key_encodings(secret: bytes) -> list[str]:
    """An organisation private key as hex and base64 text, so `leaks` also tries it raw and re-encoded."""
    return [part.hex() for part in (secret, secret[:32], secret[32:])] + [
        base64.b64encode(part).decode() for part in (secret, secret[:32], secret[32:])
    ]


def test_session_table_after_staff_sign_in_holds_no_organisation_private_key(world, sign_in):
    staff = sign_in(world.north.advocate, test_client=Client())
    sessions = [row for row in seize() if row[0].startswith("django_session")]
    for _fingerprint, pair in world.north.unlocked.keys.items():
        raw = [(label, blob) for label, blob in sessions if pair.secret in blob or pair.secret[:32] in blob]
        assert raw == []
        assert leaks(_key_encodings(pair.secret), sessions) == []
    # The key is there, sealed: the browser's cookie opens it, proving the scan looked at the right rows.
    request = type("Request", (), {"session": staff.session, "COOKIES": {k: v.value for k, v in staff.cookies.items()}})
    unsealed = keyring.UnlockedOrganisation.from_bytes(session_keys.recall(request, "staff"))
    assert unsealed.keys.keys() == world.north.unlocked.keys.keys()
    assert all(unsealed.keys[fp].secret == pair.secret for fp, pair in world.north.unlocked.keys.items())


def test_codename_from_the_web_form_is_stored_nowhere(world):
    reporter = Client()
    page = ReportForm(reporter).send_all(
        {
            "crime_type": "hate_crime",
            "narrative": "Shouted at near the market.",
            "area": "north",
            "wants": ["advocate"],
            "name": "",
            "phone": "",
            "email": "",
            "police_share_contact": "no",
            "police_share_narrative": "no",
        }
    )
    codename = codename_shown(page)
    assert intake_actions.open_with_codename(codename) is not None
    assert reporter.post("/en/return/", {"codename": codename}).status_code == 302
    assert reporter.get("/en/my-report/").status_code == 200
    spaced = codename.replace("-", " ")
    assert leaks([codename, spaced], seize()) == []


# --- leaks found while writing this test: they fail until the application code is fixed --------------------


def test_sealed_immigration_advice_wish_has_the_same_length_either_way(make_report):
    """AES-GCM hides content, not length: json `true` (4 bytes) and `false` (5 bytes) tell the wish apart."""
    wants, _ = make_report(wants={"immigration_advice"})
    does_not, _ = make_report(wants=set())
    assert len(bytes(wants.immigration_advice_sealed)) == len(bytes(does_not.immigration_advice_sealed))


def test_clear_audit_log_does_not_say_a_referred_narrative_mentioned_immigration_status(world, make_report):
    """Rule 2: no log line carries immigration information, not even as a redaction category."""
    consent = {"police": {"share_contact": False, "share_narrative": True}}
    mentions, _ = make_report(narrative="He hit me. My visa expired last year.", consent=consent)
    plain, _ = make_report(narrative="He hit me. It was last year.", consent=consent)
    for report in (mentions, plain):
        decisions = remove_every_mark(report, world.north.unlocked)
        referrals.refer_to_police(report, world.police.org, world.north.unlocked, world.north.advocate, decisions)
    details = [AuditEntry.objects.get(action="disclosure.made", target=r.reference).detail for r in (mentions, plain)]
    assert details[0] == details[1]


def test_interpreter_language_cannot_carry_free_text_into_the_clear(world):
    reporter = Client()
    payload = dict(REPORT_B, wants=["interpreter"], interpreter_language="Tigrinya - ask for Selam Haile")
    response = reporter.post("/api/v1/reports", data=json.dumps(payload), content_type="application/json")
    stored = response.status_code == 201 and leaks(["Selam Haile"], seize())
    assert not stored, "a free-text answer was stored in the clear column intake_report.interpreter_language"


def test_revoked_colleague_cannot_keep_reading_with_a_session_opened_before(world, sign_in, make_report):
    """A stolen laptop's live session must end when the supervisor revokes access, not hours later."""
    report, _ = make_report()
    colleague = sign_in(world.north.advocate, test_client=Client())
    assert colleague.get(f"/en/staff/cases/{report.reference}/").status_code == 200
    keyring.revoke_access(world.north.advocate, actor=f"staff:{world.north.supervisor.pk}")
    assert colleague.get(f"/en/staff/cases/{report.reference}/").status_code != 200


# --- nothing in the clear tells which cases hold immigration information --------------------------------------

# Tables that name no case: Django's record of migrations, and SQLite's row counters.
NOT_PER_CASE = {"django_migrations", "sqlite_sequence"}
# Columns that differ between any two rows by construction, so they cannot single out a kind of case.
HASH_CHAIN = {"audit_auditentry.prev_hash"}


def _identifier_forms(value) -> set[str]:
    return {str(value), value.hex} if isinstance(value, uuid.UUID) else {str(value)}


def _text(value) -> str:
    return json.dumps(value, sort_keys=True) if isinstance(value, (dict, list)) else str(value)


def _all_rows():
    """(table, [(column, field, value), ...]) for every row of every table a model maps, which is every table."""
    models = apps.get_models(include_auto_created=True)
    assert set(connection.introspection.table_names()) - {m._meta.db_table for m in models} <= NOT_PER_CASE
    for model in models:
        fields = model._meta.concrete_fields
        for values in model._base_manager.values_list(*(f.attname for f in fields)):
            yield model._meta.db_table, list(zip(fields, values))


def clear_traces(report: Report) -> dict[str, list]:
    """Every row that names `report` (directly, or through a row that does), as a seized copy shows it.

    Values any two cases differ in by construction (unique columns, the hash chain, this case's
    own ids) are replaced by what they are; times by their presence (they differ by the second);
    ciphertext by its length. What remains is what could tell one kind of case from another.
    """
    names = _identifier_forms(report.pk) | _identifier_forms(report.data_key_id) | {report.reference}
    rows = list(_all_rows())
    found: dict[int, tuple] = {}
    while True:  # follow links: a row naming a row that names the case is part of its trace
        grown = False
        for n, (table, row) in enumerate(rows):
            if n not in found and any(name in _text(value) for _f, value in row for name in names):
                found[n] = (table, row)
                pk = next(value for field, value in row if field.primary_key)
                names |= _identifier_forms(pk) if isinstance(pk, uuid.UUID) else set()
                grown = True
        if not grown:
            break
    traces: dict[str, list] = {}
    for table, row in found.values():
        shown = []
        for field, value in row:
            if value is None:
                shown.append((field.column, None))
            elif field.primary_key or field.unique or f"{table}.{field.column}" in HASH_CHAIN:
                shown.append((field.column, "<differs by construction>"))
            elif isinstance(value, (bytes, memoryview)):
                shown.append((field.column, f"<{len(bytes(value))} bytes>"))
            elif isinstance(value, (datetime, date)):
                shown.append((field.column, "<a time>"))
            else:
                text = _text(value)
                for name in sorted(names, key=len, reverse=True):
                    text = text.replace(name, "<this case>")
                shown.append((field.column, text))
        traces.setdefault(table, []).append(shown)
    return {table: sorted(found_rows, key=repr) for table, found_rows in traces.items()}


def test_cases_with_and_without_immigration_advice_leave_the_same_clear_traces(world, sign_in, make_report):
    """A case whose reporter asked for immigration advice, whose adviser wrote an advice entry, answered the
    eligibility helper and referred them to an immigration adviser (outcome recorded), and one where the advocate
    wrote two ordinary notes and referred them to a refuge: every clear column, row count and audit entry is alike."""
    same = dict(
        narrative="He pushed me down the stairs at the bus depot.",
        contact={"phone": "+44 7700 900461"},
        occurred_on=date(2026, 1, 14),
        consent={"police": {"share_contact": False, "share_narrative": True}},
    )
    with_advice, _ = make_report(wants={"advocate", "immigration_advice"}, **same)
    without, _ = make_report(wants={"advocate"}, **same)
    adviser_service = Service.objects.create(organisation=world.north.org, name="Northgate Law Centre", kind="immigration_advice")
    refuge = Service.objects.create(organisation=world.north.org, name="Harbour Refuge", kind="refuge")
    advocate = sign_in(world.north.advocate, test_client=Client())
    made_on = (date.today() - timedelta(days=5)).isoformat()
    outcome_on = (date.today() - timedelta(days=2)).isoformat()
    answers = {q: "yes" for q in eligibility.QUESTIONS}
    for report, steps, service in (
        (
            with_advice,
            [("immigration-advice/", {"body": IMMIGRATION_NOTES * 20}), ("immigration-eligibility/", answers)],
            adviser_service,
        ),
        (without, [("note/", {"body": "Called back; no answer."}), ("note/", {"body": "Left a message."})], refuge),
    ):
        case_url = f"/en/staff/cases/{report.reference}/"
        assert advocate.get(case_url).status_code == 200
        for path, data in steps:
            assert advocate.post(case_url + path, data).status_code == 302
        note = {"note": "Spoke to the intake worker."}
        assert advocate.post(case_url + "services/refer/", {"service": service.pk, "made_on": made_on, **note}).status_code == 302
        referral = ServiceReferral.objects.get(report=report)
        outcome = {"outcome": "accepted", "outcome_on": outcome_on}
        assert advocate.post(f"{case_url}services/{referral.pk}/", outcome).status_code == 302
        assert advocate.get(case_url).status_code == 200
    traces = [clear_traces(with_advice), clear_traces(without)]
    assert {
        "intake_report",
        "intake_consent",
        "cases_casenote",
        "services_servicereferral",
        "audit_auditentry",
        "vault_datakey",
        "vault_sealeddatakey",
        "vault_codenamewrap",
    } <= traces[0].keys()
    for table in traces[0].keys() | traces[1].keys():
        assert traces[0].get(table) == traces[1].get(table), table
    # The journey really happened: the entry, the answers and the referral are there, under the seal.
    opened = case_actions.open_case(with_advice, world.north.unlocked, world.north.advocate)
    assert opened.immigration_notes == IMMIGRATION_NOTES * 20 and opened.wants_immigration_advice
    assert opened.eligibility[-1].answers == answers
    (sent,) = service_referrals.referrals_for(with_advice, world.north.unlocked, world.north.advocate)
    assert (sent.service_name, sent.outcome) == ("Northgate Law Centre", "accepted")


def test_immigration_advice_entries_are_sealed_at_the_one_size_of_every_note(world, make_report):
    report, _ = make_report(wants={"immigration_advice"})
    case_actions.add_note(report, "Called back; no answer.", world.north.unlocked, world.north.advocate)
    for notes in ("", "x", IMMIGRATION_NOTES, "ب" * 4000, "🧕" * 4000):
        case_actions.save_immigration_advice(report, notes, world.north.unlocked, world.north.advocate)
        assert case_actions.open_case(report, world.north.unlocked, world.north.advocate).immigration_notes == notes
    case_actions.assess_eligibility(
        report, {q: "unknown" for q in eligibility.QUESTIONS}, world.north.unlocked, world.north.advocate
    )
    sizes = {len(bytes(note.body_sealed)) for note in CaseNote.objects.filter(report=report)}
    assert len(sizes) == 1 and CaseNote.objects.filter(report=report).count() == 7, sizes


# --- the threat model lists every stored field -------------------------------------------------------------


def _stored_fields_output() -> list[str]:
    out = io.StringIO()
    call_command("stored_fields", stdout=out)
    return out.getvalue().splitlines()


def test_threat_model_lists_every_row_of_the_stored_fields_command():
    document = THREAT_MODEL.read_text(encoding="utf-8").splitlines()
    missing = [line for line in _stored_fields_output() if line.strip() and line not in document]
    assert missing == [], "regenerate the table: `safereport stored_fields`"


def test_stored_fields_command_judges_every_column_of_every_table(db):
    output = "\n".join(_stored_fields_output())
    assert "| REVIEW |" not in output
    document = THREAT_MODEL.read_text(encoding="utf-8")
    for table in connection.introspection.table_names():
        with connection.cursor() as cursor:
            columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
        assert [c for c in columns if f"`{table}.{c}`" not in output or f"`{table}.{c}`" not in document] == []
