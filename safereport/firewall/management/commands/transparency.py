"""Print the public transparency report: disclosure requests, decisions and referrals per quarter."""

from django.core.management.base import BaseCommand

from safereport.firewall import transparency


class Command(BaseCommand):
    help = (
        "Print the transparency report exactly as the public page shows it: per quarter, requests received by "
        "agency kind, refused (and of those, immigration enforcement without a court order), compelled "
        "disclosures made by agency kind, and referrals to the police with consent. Counts of 1 to 4 are printed as "
        "'fewer than 5'. Aggregates only: nothing names a person or a case. --csv prints the downloadable CSV."
    )

    def add_arguments(self, parser):
        parser.add_argument("--csv", action="store_true", help="Print CSV with machine-readable column names.")

    def handle(self, *args, **options):
        if options["csv"]:
            self.stdout.write(transparency.as_csv(), ending="")
            return
        headings, rows = transparency.table()
        if not rows:
            self.stdout.write("No requests or referrals yet.")
            return
        for row in rows:
            self.stdout.write(row[0])
            for heading, cell in zip(headings[1:], row[1:], strict=True):
                self.stdout.write(f"  {heading}: {cell}")
