from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from enrollment import payment_import
from portal.models import User


class Command(BaseCommand):
    help = (
        "Check a tax authority's payment list (CSV or XLSX) as a member of staff would in the "
        "admin, and with --confirm record every matched payment. For lists that arrive by file "
        "transfer; the admin's Payment list imports page does the same."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The list: a .csv (UTF-8 or GB18030) or .xlsx file.")
        parser.add_argument(
            "--as",
            dest="email",
            required=True,
            help="The staff account (its office's children) or a supervisor (every office).",
        )
        parser.add_argument(
            "--confirm", action="store_true", help="Record the matched payments, not just check."
        )

    def handle(self, *args, path, email, confirm, **options):
        user = User.objects.filter(email=email.strip().lower(), is_active=True).first()
        if user is None:
            raise CommandError(f"No active account {email}")
        try:
            with Path(path).open("rb") as opened:
                payment_list = payment_import.read_upload(File(opened, name=Path(path).name))
            imported, check = payment_import.payment_import_store(
                payment_list=payment_list, by=user
            )
        except FileNotFoundError:
            raise CommandError(f"No file {path}") from None
        except ValidationError as refused:
            for message in refused.messages:
                self.stderr.write(message)
            raise CommandError("The list is refused: nothing was stored or recorded.") from None
        except PermissionDenied:
            raise CommandError(f"{email} may not import payment lists") from None
        for outcome, count in check.counts().items():
            self.stdout.write(f"{payment_import.Outcome(outcome).label}: {count}")
        for checked in check.needing_attention():
            self.stdout.write(
                f"  row {checked.row.number}: {checked.outcome_label}. {checked.reason}".rstrip()
            )
        if not confirm:
            self.stdout.write(f"Checked only (import {imported.pk}); add --confirm to record.")
            return
        recorded = payment_import.payment_import_confirm(payment_import=imported, by=user)
        self.stdout.write(f"Payments recorded: {len(recorded.matched())}.")
