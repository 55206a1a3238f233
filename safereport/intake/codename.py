"""Codenames: seven random words (over 90 bits), shown once, never stored."""
from safereport.vault.keyring import normalise_words, random_words

CODENAME_WORDS = 7


def new_codename() -> str:
    return random_words(CODENAME_WORDS).replace(" ", "-")


def normalise(codename: str) -> str:
    return normalise_words(codename)
