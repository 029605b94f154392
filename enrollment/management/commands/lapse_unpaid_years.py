from django.core.management.base import BaseCommand

from enrollment.children.renewals import lapse_unpaid_renewals
from enrollment.management.days import add_date_argument, day_from


class Command(BaseCommand):
    help = (
        "Mark as lapsed (no cover) every renewed year still unpaid after its deadline. Run it "
        "daily from cron, after midnight Beijing time."
    )

    def add_arguments(self, parser):
        add_date_argument(parser)

    def handle(self, *args, **options):
        self.stdout.write(f"Years lapsed: {lapse_unpaid_renewals(today=day_from(options))}.")
