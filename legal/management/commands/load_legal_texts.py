from django.core.management.base import BaseCommand, CommandError

from legal.loader import LegalDataError, load_files


class Command(BaseCommand):
    help = "Load the law texts from legal/data (or the files given). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="JSON files; all of legal/data by default")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Overwrite articles that a supervisor has edited in the admin since the last load.",
        )

    def handle(self, *args, files, force, **options):
        try:
            report = load_files(files, force=force)
        except LegalDataError as error:
            raise CommandError(f"Nothing was loaded. {error}") from error
        self.stdout.write(
            f"Legal texts: {report.laws} law(s), {report.chapters} chapters, "
            f"{report.articles_created} articles added, {report.articles_updated} updated."
        )
        for article in report.articles_kept:
            self.stdout.write(
                self.style.WARNING(
                    f"Kept as edited in the admin: {article} (use --force to overwrite)"
                )
            )
