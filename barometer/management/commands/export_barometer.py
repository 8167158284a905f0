from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from barometer import selectors
from barometer.exporting import csv_bytes, xlsx_bytes


class Command(BaseCommand):
    help = (
        "Export the aggregated results of a barometer edition (unrounded figures). CSV holds the results; "
        "XLSX adds the comparison with earlier editions and the free-text answers."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "edition", help='The edition: "<territory slug>:<year>" (e.g. charleroi-metropole:2022) or its id.'
        )
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv", dest="fmt")
        parser.add_argument(
            "--output", type=Path, help="Write to this file (required for xlsx); CSV goes to stdout otherwise."
        )
        parser.add_argument("--language", default=settings.LANGUAGE_CODE, help="Language of the labels (fr or en).")

    def handle(self, *args, edition, fmt="csv", output=None, language=None, **options):
        target = selectors.edition_by_reference(edition)
        if target is None:
            raise CommandError(f"No barometer edition {edition!r}.")
        if fmt == "xlsx" and output is None:
            raise CommandError("An XLSX export needs --output FILE.")
        with translation.override(language or settings.LANGUAGE_CODE):
            tables = selectors.edition_export_tables(target)
        if fmt == "xlsx":
            output.write_bytes(xlsx_bytes(tables))
        elif output is not None:
            output.write_bytes(csv_bytes(tables[0][1]))
        else:
            self.stdout.write(csv_bytes(tables[0][1], bom=False).decode("utf-8"), ending="")
        if output is not None:
            self.stderr.write(f"{target}: results written to {output}.")
