"""Codenames: seven random words (89.8 bits), shown once, never stored."""

from safereport.vault.keyring import normalise_words, random_words

# 7 words from the 7,321-word list (vault/codename_words.py): 7 × log2(7321) = 89.8 bits. The
# lookup digest is an unstretched BLAKE2b, so a seized database allows offline guessing: 85 bits
# is the floor (an eighth word would be added below it); at 89.8 bits a trillion guesses a second
# takes seventeen million years to search half the space.
CODENAME_WORDS = 7
CODENAME_BITS = 89.8
MINIMUM_CODENAME_BITS = 85


def new_codename() -> str:
    return random_words(CODENAME_WORDS).replace(" ", "-")


def normalise(codename: str) -> str:
    # Deliberately does not consult the word list: codenames issued before a word was removed
    # from it must still open their report.
    return normalise_words(codename)
