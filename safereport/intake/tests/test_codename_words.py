"""Codenames after the word list was filtered: as strong as stated, and old ones still open."""

import math

from safereport.intake import actions
from safereport.intake import codename as codenames
from safereport.intake.codename import CODENAME_BITS, CODENAME_WORDS, MINIMUM_CODENAME_BITS
from safereport.vault.codename_words import eff_long_list, wordlist


def test_codename_strength_is_what_the_code_and_docs_state_and_above_the_floor():
    bits = CODENAME_WORDS * math.log2(len(set(wordlist())))
    assert math.floor(bits * 10) / 10 == CODENAME_BITS == 89.8
    assert bits >= MINIMUM_CODENAME_BITS
    assert len(wordlist()) == 7321


def test_codename_issued_with_words_since_removed_still_opens_its_report(world, make_report, monkeypatch):
    issued = "prison-deport-slain-fondling-constable-strangle-widow"
    assert not set(issued.split("-")) & set(wordlist())
    assert set(issued.split("-")) <= set(eff_long_list())  # as the old list could have drawn it
    monkeypatch.setattr(codenames, "new_codename", lambda: issued)
    report, codename = make_report()
    assert codename == issued
    access = actions.open_with_codename("  Prison deport SLAIN fondling-constable strangle widow ")
    assert access is not None and access.report.pk == report.pk
