from django.core.management.base import BaseCommand, CommandError

from diagnostics.services.tallies import tallies_check, tallies_rebuild


class Command(BaseCommand):
    help = (
        "Recount the questionnaires' running tallies from the answers and list every difference "
        "(exit status 1 when there is one); --fix rewrites them from the answers."
    )

    def add_arguments(self, parser):
        parser.add_argument("--campaign", type=int, action="append", help="only this campaign (repeatable)")
        parser.add_argument("--fix", action="store_true", help="rewrite the differing campaigns' tallies")

    def handle(self, *args, campaign=None, fix=False, **options):
        differences = tallies_check(campaign_ids=campaign)
        for difference in differences[:50]:
            self.stdout.write(str(difference))
        if not differences:
            self.stdout.write(self.style.SUCCESS("Tallies agree with the answers."))
            return
        if fix:
            campaigns = sorted({d.key[0] for d in differences})
            rows = tallies_rebuild(campaign_ids=campaigns)
            self.stdout.write(self.style.WARNING(f"Rewrote {rows} tally rows of campaigns {campaigns}."))
            return
        raise CommandError(f"{len(differences)} tally rows differ from the answers.")
