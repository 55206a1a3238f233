"""The whole skeleton through HTTP: report, codename, advocate, referral, police, erasure."""

import re

from django.test import Client

from safereport import coarse_time
from safereport.audit.log import verify
from safereport.intake.actions import erase_due
from safereport.intake.models import Report
from safereport.web.reporter.tests.report_form_walk import ReportForm, codename_shown

STATUS_STATEMENT = "My visa expired in March"


def _report_through_the_form(client, **contact):
    form = ReportForm(client)
    data = {
        "crime_type": "assault",
        "area": "north",
        "occurred_on": "2026-11-01",
        "narrative": f"He hit me outside the shop. {STATUS_STATEMENT} and he said he would get me deported.",
    }
    assert b"What would help you" in form.send("what", data).content
    data.update(wants=["advocate", "immigration_advice"])
    assert b"How we can reach you" in form.send("wants", data).content
    data.update(police_share_contact="yes", police_share_narrative="yes", **contact)
    return codename_shown(form.send("contact", data))


def test_report_reply_refer_and_erase(world, client, sign_in):
    codename = _report_through_the_form(client, name="Ana", phone="07700 900123")
    assert client.post("/en/return/", {"codename": codename}).status_code == 302

    advocate = sign_in(world.north.advocate, test_client=Client())
    reference = re.search(r"/en/staff/cases/(SR-[A-Z0-9-]+)/", advocate.get("/en/staff/").content.decode()).group(1)
    assert STATUS_STATEMENT.encode() in advocate.get(f"/en/staff/cases/{reference}/").content
    advocate.post(f"/en/staff/cases/{reference}/reply/", {"body": "We are here to help you."})
    advocate.post(f"/en/staff/cases/{reference}/immigration-advice/", {"body": "Eligible for the DDV concession"})
    advocate.post(f"/en/staff/cases/{reference}/refer/", {"police": world.police.org.pk})

    police = sign_in(world.police.police_liaison, test_client=Client())
    link = re.search(r"/en/staff/police/[0-9a-f-]+/", police.get("/en/staff/police/").content.decode()).group(0)
    package = police.get(link).content.decode()
    assert "Signature verified" in package and "he said he would get me deported" in package
    assert STATUS_STATEMENT not in package and "DDV concession" not in package
    assert "07700 900123" in package  # consented contact travels; status never does

    assert "We are here to help you." in client.get("/en/my-report/").content.decode()
    assert client.post("/en/my-report/erase/", {"confirm": "on"}).status_code == 200
    # A request, cooling off: the codename still opens the report until the due day.
    assert client.post("/en/return/", {"codename": codename}).status_code == 302
    Report.objects.filter(reference=reference).update(erasure_due_on=coarse_time.today().date())
    assert erase_due() == [reference]
    assert "the report was erased" in police.get("/en/staff/police/").content.decode()
    wrong = client.post("/en/return/", {"codename": "no-such-codename-at-all-here-now"}).content
    erased = client.post("/en/return/", {"codename": codename}).content
    assert re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", wrong).replace(
        b"no-such-codename-at-all-here-now", b"X"
    ) == re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", erased).replace(codename.encode(), b"X")
    assert verify().ok
