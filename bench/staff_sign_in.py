"""Sign a demo member of staff in through the real pages (password, then the authenticator's code), for benchmarks."""

from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from safereport.accounts import second_factor
from safereport.accounts.models import User
from safereport.management.commands.seed_demo import DEMO_PASSWORD


def sign_in(client: Client, email: str) -> Client:
    user = User.objects.get(email=email)
    response = client.post("/en/staff/sign-in/", {"email": email, "password": DEMO_PASSWORD})
    if response.status_code != 302 or not response["Location"].endswith("/sign-in/code/"):
        raise RuntimeError(f"sign-in failed for {email}: {response.status_code}")
    if not second_factor.has_device(user):
        second_factor.provision(user, actor="bench")
    TOTPDevice.objects.filter(user=user).update(last_t=-1)  # a code already used is refused: the bench signs in often
    response = client.post("/en/staff/sign-in/code/", {"code": second_factor.code_for_user(user)})
    if response.status_code != 302 or "locked" in response["Location"]:
        raise RuntimeError(f"second step failed for {email}: {response.status_code}")
    return client
