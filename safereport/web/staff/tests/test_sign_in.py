"""Staff sign-in: unlocking, locked accounts, and password-guessing limits."""

from django.test import Client

from safereport.accounts import sign_in_throttle


def test_sign_in_unlocks_and_lands_on_the_queue(world, pass_second_factor):
    client = Client()
    response = client.post("/en/staff/sign-in/", {"email": world.north.advocate.email, "password": world.password})
    assert response.status_code == 302 and response["Location"].endswith("/en/staff/sign-in/code/")
    response = pass_second_factor(client, world.north.advocate)
    assert response.status_code == 302 and response["Location"].endswith("/en/staff/")


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(world):
    response = Client().post("/en/staff/sign-in/", {"email": world.north.advocate.email, "password": "nope-nope-nope"})
    assert response.status_code == 200
    assert b"do not match an account" in response.content


def test_repeated_wrong_passwords_are_throttled_even_with_the_right_one(world):
    client = Client()
    for _ in range(sign_in_throttle.PER_ACCOUNT_AND_CLIENT.failures):
        client.post("/en/staff/sign-in/", {"email": world.north.advocate.email, "password": "guess-guess-guess"})
    response = client.post("/en/staff/sign-in/", {"email": world.north.advocate.email, "password": world.password})
    assert response.status_code == 429
    assert b"Too many attempts" in response.content


def test_person_without_a_grant_signs_in_to_the_locked_page(world, pass_second_factor):
    from safereport.vault import keyring

    keyring.revoke_access(world.north.advocate, actor="test")
    client = Client()
    client.post("/en/staff/sign-in/", {"email": world.north.advocate.email, "password": world.password})
    response = pass_second_factor(client, world.north.advocate)
    assert response["Location"].endswith("/en/staff/locked/")
    page = client.get("/en/staff/locked/").content.decode()
    assert "Ask a supervisor" in page and "No report has been lost" in page


def test_no_password_hash_is_stored_beside_the_key_wrap(world):
    """A second, cheaper hash of the same password would be the easier target on a seized server."""
    from safereport.accounts.models import User

    assert all(not user.has_usable_password() for user in User.objects.all())


def test_unknown_account_and_wrong_password_get_the_same_answer(world):
    unknown = Client().post("/en/staff/sign-in/", {"email": "nobody@nowhere.test", "password": world.password})
    wrong = Client().post("/en/staff/sign-in/", {"email": world.north.advocate.email, "password": "wrong-wrong-wrong"})
    assert unknown.status_code == wrong.status_code == 200
    assert b"do not match an account" in unknown.content and b"do not match an account" in wrong.content
