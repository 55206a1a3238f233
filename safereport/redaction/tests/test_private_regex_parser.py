"""The dispatch reads CPython's private regex parser; a Python that changes it must fail here, loudly."""

import re._constants as sre
import re._parser as sre_parse
from pathlib import Path

from safereport.redaction import dispatch

PACKAGE = Path(dispatch.__file__).parent


def test_private_regex_parser_keeps_the_shape_dispatch_reads():
    for name in (
        "ASSERT",
        "ASSERT_NOT",
        "AT",
        "BRANCH",
        "CATEGORY",
        "CATEGORY_SPACE",
        "IN",
        "LITERAL",
        "MAX_REPEAT",
        "MIN_REPEAT",
        "RANGE",
        "SUBPATTERN",
    ):
        assert hasattr(sre, name), f"re._constants.{name} is gone: safereport/redaction/dispatch.py must be updated"
    parsed = sre_parse.parse(r"ab|c[d-f]")
    assert parsed[0][0] == sre.BRANCH, "re._parser.parse no longer returns (opcode, argument) pairs"
    assert dispatch.first_chars(r"visa|permit") == frozenset("vp")
    assert dispatch.first_chars(r"(?:no\s+)?papers") == frozenset("np")
    assert dispatch.starts_with_literal("visa", "v") and not dispatch.starts_with_literal("[v]isa", "v")


def test_only_the_dispatch_module_reads_the_private_regex_parser():
    readers = sorted(
        p.name for p in PACKAGE.rglob("*.py") if "re._parser" in p.read_text(encoding="utf-8") and "tests" not in p.parts
    )
    assert readers == ["dispatch.py"]
