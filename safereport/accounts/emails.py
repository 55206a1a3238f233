"""One spelling of each staff email, used on save and at sign-in, so look-alike spellings are one account.

A database's case-insensitive match is not Python's: PostgreSQL's UPPER() turns the long s (ſ) into S and the
dotless ı into I, so ``username__iexact`` found an account that the sign-in limits counted under another name.
Emails are stored in this form and looked up exactly, and the limits count this form, so every spelling that
reaches an account is one account with one allowance.
"""

import unicodedata


def normalise_email(email: str) -> str:
    """NFKC, case-folded, NFKC again (repeated until stable, which is at most a step or two)."""
    text = email.strip()
    while True:
        folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold()).strip()
        if folded == text:
            return text
        text = folded
