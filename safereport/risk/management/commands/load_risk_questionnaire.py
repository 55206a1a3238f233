"""Load an organisation's own risk questionnaire (e.g. a licensed checklist) from a JSON or YAML file."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from safereport.accounts.models import Organisation
from safereport.risk.builtin_sets import BUILT_IN
from safereport.risk.questionnaire import InvalidQuestionnaire, to_data
from safereport.risk.sets import load_questionnaire, read_file


class Command(BaseCommand):
    help = (
        "Load a risk questionnaire for one organisation from a JSON or YAML (.yaml/.yml) file: format 1, crime_type "
        "(a crime type code or 'generic'), version, title, source, questions (id, text, optional help, trigger: true "
        "for an item whose yes makes the case high risk whatever the score), thresholds (medium, high: the score "
        "from which each band starts) and next_steps (standard, medium, high). From then on the organisation's "
        "cases of that crime type are assessed with it; earlier assessments keep the version they used. A version "
        "cannot be changed once loaded: load a changed set under a new version. Every problem in the file is "
        "listed, and nothing is stored unless the whole file is right. --example CRIME_TYPE prints the set "
        "SafeReport ships for that crime type, to start from."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="the questionnaire file (.json, .yaml or .yml)")
        parser.add_argument("--org", metavar="SLUG", help="the organisation that holds the licence for this set")
        parser.add_argument("--example", metavar="CRIME_TYPE", choices=sorted(BUILT_IN), help="print a built-in set as JSON")

    def handle(self, *args, **options):
        if options["example"]:
            self.stdout.write(json.dumps(to_data(BUILT_IN[options["example"]]), indent=2, ensure_ascii=False))
            return
        if not options["file"] or not options["org"]:
            raise CommandError("Give the questionnaire file and --org SLUG (or --example CRIME_TYPE).")
        organisation = Organisation.objects.filter(slug=options["org"], kind=Organisation.Kind.SUPPORT).first()
        if organisation is None:
            raise CommandError(f"No support organisation with slug {options['org']!r}.")
        try:
            row, created = load_questionnaire(organisation, read_file(Path(options["file"])), actor="operator")
        except InvalidQuestionnaire as invalid:
            lines = "\n".join(f"  - {error}" for error in invalid.errors)
            raise CommandError(f"{options['file']} was not loaded; nothing was stored:\n{lines}") from None
        what = f"version {row.version} of the {row.crime_type} set for {organisation.name}"
        if created:
            self.stdout.write(f"Loaded {what}. New assessments of its cases use it.")
        else:
            self.stdout.write(f"{what[0].upper()}{what[1:]} was already loaded, with the same content: nothing changed.")
