from django.core.management.base import BaseCommand, CommandError

from enrollment.children.reminders import send_renewal_reminders
from enrollment.management.days import add_date_argument, day_from


class Command(BaseCommand):
    help = (
        "Email the families whose child's next year is due: when the enrollment period opens, "
        "and 30 and 7 days before it closes. Run it daily from cron; a re-run sends nothing twice."
    )

    def add_arguments(self, parser):
        add_date_argument(parser)

    def handle(self, *args, **options):
        sent, failed = send_renewal_reminders(today=day_from(options))
        self.stdout.write(
            f"Renewal reminders sent: {sent}; failed (tried again next run): {failed}."
        )
        if failed:
            raise CommandError(f"{failed} reminders could not be sent")
