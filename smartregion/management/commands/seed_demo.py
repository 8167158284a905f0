from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from smartregion.demo import seed_demo


class Command(BaseCommand):
    help = "Create the IGRETEC demo territory, its 30 communes and the demo accounts (password 'demo')."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even when DJANGO_DEBUG is off.")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with the password 'demo'; it refuses to run when DJANGO_DEBUG is off. "
                "Use --force if you really want them."
            )
        territory = seed_demo()
        self.stdout.write(self.style.SUCCESS(f"Demo ready: {territory} with {territory.communes.count()} communes."))
