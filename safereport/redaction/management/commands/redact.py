"""Redact immigration status, immigration identifiers and contact details from JSON lines on stdin."""

import argparse
import io
import sys

from django.core.management.base import BaseCommand

from safereport.redaction.engine import KEEPABLE, MAX_TEXT_CHARS
from safereport.redaction.stream import redact_stream


class Command(BaseCommand):
    help = (
        "Read JSON lines from stdin and write one redacted JSON line to stdout for each, in order.\n"
        'Input line:  {"id": "r1" or 17, "text": "...", "lang": "es"}   ("lang" is optional and does not '
        "narrow matching: every supported language is always checked).\n"
        'Output line: {"id": ..., "text": "<redacted text>", "spans": [{"start": 0, "end": 12, '
        '"category": "immigration_status"}, ...], "review": [{"start": 40, "end": 71, "category": '
        '"immigration_status"}, ...]}. start/end are character offsets into the ORIGINAL text; '
        "categories are immigration_status, immigration_identifier, document_number, phone_number, "
        'email_address, and each removed span reads "[removed: immigration status]" etc. in the output text. '
        '"review" lists clauses the learned detector thinks may state immigration status but is less sure '
        "of: they are NOT removed from the text, and a person must settle each (remove or keep) before "
        "the text leaves.\n"
        "A line that cannot be redacted (invalid UTF-8, invalid JSON, not an object, missing or non-string/"
        'non-integer "id", missing "text", blank line, text over '
        f'{MAX_TEXT_CHARS} characters) gets {{"id": <id or null>, "error": "<why>", "line": <n>}} and the '
        "stream goes on. A count of lines and errors is printed to stderr; the exit status is 0 unless "
        "the stream itself fails."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = argparse.RawDescriptionHelpFormatter
        return parser

    def add_arguments(self, parser):
        parser.add_argument(
            "--keep",
            action="append",
            choices=sorted(KEEPABLE),
            default=[],
            help="Leave this kind of contact detail in place because the reporter consented to share it "
            "with the recipient (repeatable). Immigration information can never be kept.",
        )

    def handle(self, *args, **options):
        out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="\n")
        try:
            lines, errors = redact_stream(sys.stdin.buffer, out, keep=frozenset(options["keep"]))
        finally:
            out.flush()
            out.detach()
        self.stderr.write(f"redacted {lines - errors} of {lines} lines; {errors} errors")
