"""Send the report form's steps as a browser does: one step's answers at a time, with the form's token from its page."""

import re

from safereport.web.reporter.forms import STEPS

STEP_FIELDS = {name: tuple(form.base_fields) for name, form in STEPS}
_TOKEN = re.compile(r'name="form_token" value="([^"]*)"')


class ReportForm:
    """One reporter's way through /report/ in one test client; each `send` follows the redirect to the next page."""

    def __init__(self, client, lang="en"):
        self.client, self.lang, self.token = client, lang, ""

    def send(self, step, answers, *, back=False, follow=True):
        """Post `step` with only its own fields from `answers` (a field left out is sent empty, as a browser does)."""
        payload = {
            "step": step,
            "form_token": self.token,
            **{name: answers[name] for name in STEP_FIELDS[step] if name in answers},
        }
        if back:
            payload["back"] = ""
        response = self.client.post(f"/{self.lang}/report/", payload, follow=follow)
        found = _TOKEN.search(response.content.decode(errors="replace")) if follow else None
        if found:
            self.token = found.group(1)
        return response

    def send_all(self, answers):
        """All three steps; returns the page after the report (the codename), or wherever a mistake led."""
        response = None
        for step in STEP_FIELDS:
            response = self.send(step, answers)
        return response


def codename_shown(response) -> str:
    found = re.search(r'id="codename"[^>]*>([^<]+)<', response.content.decode())
    assert found, response.content.decode()[:800]
    return found.group(1).strip()
