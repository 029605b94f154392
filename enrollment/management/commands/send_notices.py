from django.core.management.base import BaseCommand

from enrollment.notices import send_due_notices


class Command(BaseCommand):
    help = "Send the status emails that could not be sent yet (run it every few minutes, e.g. from cron)."

    def handle(self, *args, **options):
        sent, failing = send_due_notices()
        self.stdout.write(f"Notices sent: {sent}; still failing: {failing}.")
