import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from enrollment.payment_import import purge_stored_lists


class Command(BaseCommand):
    help = (
        "Delete the stored payment lists uploaded more than PAYMENT_LIST_RETENTION_DAYS days ago "
        "(the record of each import stays). Run it daily from cron."
    )

    def handle(self, *args, **options):
        cutoff = timezone.now() - datetime.timedelta(days=settings.PAYMENT_LIST_RETENTION_DAYS)
        purged = purge_stored_lists(uploaded_before=cutoff)
        self.stdout.write(f"Deleted {purged} payment lists uploaded before {cutoff:%Y-%m-%d}.")
