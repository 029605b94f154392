import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from enrollment.applications.answers import drafts_delete
from enrollment.models import Application


class Command(BaseCommand):
    help = (
        "Delete drafts nobody has touched for DRAFT_RETENTION_DAYS days, with their uploaded files "
        "(run it daily, e.g. from cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count, delete nothing.")

    def handle(self, *args, dry_run, **options):
        cutoff = timezone.now() - datetime.timedelta(days=settings.DRAFT_RETENTION_DAYS)
        abandoned = Application.objects.filter(
            status=Application.Status.DRAFT, updated_at__lt=cutoff
        )
        if dry_run:
            self.stdout.write(
                f"{abandoned.count()} drafts untouched since {cutoff:%Y-%m-%d} would be deleted."
            )
            return
        deleted = drafts_delete(abandoned)
        self.stdout.write(
            f"Deleted {deleted} drafts untouched since {cutoff:%Y-%m-%d}, with their files."
        )
