from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from reports.context import filled_parts
from reports.selectors import communes_matching
from reports.services import report_document_build


class Command(BaseCommand):
    help = (
        "Render a commune's final report to a PDF file with the data of the moment, as the workers do "
        "(no version is recorded). COMMUNE is its slug or its name (case and accents ignored)."
    )

    def add_arguments(self, parser):
        parser.add_argument("commune", help="Slug or name of the commune, e.g. courcelles or 'Châtelet'.")
        parser.add_argument("--output", "-o", required=True, help="Path of the PDF file to write.")
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            choices=[code for code, _name in settings.LANGUAGES],
            help="Language of the report (default: %(default)s).",
        )

    def handle(self, *args, commune, output, language, **options):
        found = communes_matching(commune)
        if not found:
            raise CommandError(f"No commune is called {commune!r}.")
        if len(found) > 1:
            names = ", ".join(f"{c.slug} ({c.territory})" for c in found)
            raise CommandError(f"Several communes match {commune!r}: {names}. Give the slug.")
        target = Path(output)
        if not target.parent.is_dir():
            raise CommandError(f"The directory {target.parent} does not exist.")
        doc, rendered = report_document_build(commune=found[0], language=language)
        target.write_bytes(rendered.pdf)
        seconds = rendered.seconds_html + rendered.seconds_pdf
        self.stdout.write(
            self.style.SUCCESS(f"{found[0].name}: {rendered.page_count} pages written to {target} ({seconds:.1f} s).")
        )
        for part, status in filled_parts(doc).items():
            detail = f" ({doc[part]['source']})" if status == "unavailable" else ""
            self.stdout.write(f"  {part:<14} {status}{detail}")
