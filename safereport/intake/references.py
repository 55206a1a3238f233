"""Human-readable references for reports (SR-…) and disclosure requests (DR-…): one alphabet, one shape."""

import secrets

# No I, L, O, U, 0 or 1: nothing to misread over the phone, and no accidental words.
ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"


def new_reference(prefix: str) -> str:
    """`PREFIX-XXXX-XXXX`: 8 characters of 30, about 39 bits, unique-checked by the database."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"{prefix}-{body[:4]}-{body[4:]}"
