from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from barometer import selectors, services
from smartregion.errors import ServiceError
from smartregion.spreadsheets import MAX_UPLOAD_BYTES


class Command(BaseCommand):
    help = (
        "Import a CSV or XLSX file of barometer answers into an edition (one row per commune, one column per "
        "question code). Every problem is reported row by row and nothing is saved unless the file is clean."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "edition", help='The edition: "<territory slug>:<year>" (e.g. charleroi-metropole:2022) or its id.'
        )
        parser.add_argument("file", type=Path, help="The .csv or .xlsx file.")
        parser.add_argument("--dry-run", action="store_true", help="Check the file only.")

    def handle(self, *args, edition, file, dry_run=False, **options):
        target = selectors.edition_by_reference(edition)
        if target is None:
            raise CommandError(f"No barometer edition {edition!r}.")
        if not file.is_file():
            raise CommandError(f"No file at {file}.")
        with file.open("rb") as handle:
            data = handle.read(MAX_UPLOAD_BYTES + 1)
        try:
            _fmt, table = services.read_upload(filename=file.name, data=data)
        except ServiceError as error:
            raise CommandError(str(error.message)) from None
        check = services.import_check(edition=target, table=table)
        for error in check.errors:
            where = f"row {error.line}" if error.line else "file"
            column = f", column {error.column}" if error.column else ""
            self.stderr.write(f"{where}{column}: {error.message}")
        if check.errors:
            raise CommandError(f"{len(check.errors)} problem(s) in {file.name}; nothing was imported.")
        if dry_run:
            self.stdout.write(f"{file.name} is clean: {len(check.rows)} communes' answers would be imported.")
            return
        responses = services.import_rows_save(edition=target, actor=None, rows=check.rows)
        skipped = f" ({len(check.skipped_lines)} empty rows skipped)" if check.skipped_lines else ""
        self.stdout.write(self.style.SUCCESS(f"{len(responses)} responses imported into {target}{skipped}."))
