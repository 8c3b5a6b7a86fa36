"""manage.py import_wordpress EXPORT.xml [--media-dir DIR | --media-url BASE] [--dry-run]
[--pages SECTION] [--report FILE]"""

from datetime import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wordpress.importer import Import
from wordpress.media import Files, check_media_url
from wordpress.wxr import ExportError


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR, Tools → Export): posts as articles, categories as "
        "sections, tags, authors and guest authors as people, attachments as photos. Running "
        "it again changes nothing that has not changed; an interrupted run resumes."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", help="The export file (.xml) WordPress wrote.")
        media = parser.add_mutually_exclusive_group()
        media.add_argument("--media-dir", help="A copy of the site's wp-content/uploads.")
        media.add_argument("--media-url", help="Where wp-content/uploads is served, to fetch.")
        parser.add_argument("--dry-run", action="store_true", help="Report, write nothing.")
        parser.add_argument("--pages", metavar="SECTION", help="Import pages into this section.")
        parser.add_argument(
            "--report", help="Where the closing report goes (default: beside the export)."
        )

    def handle(self, *args, export, media_dir, media_url, dry_run, pages, report, **options):
        if media_dir and not Path(media_dir).is_dir():
            raise CommandError(f"--media-dir {media_dir} is not a folder.")
        try:
            check_media_url(media_url)
        except ValueError as error:
            raise CommandError(str(error)) from None
        run = Import(
            export,
            files=Files(media_dir, media_url),
            pages_section=pages,
            dry_run=dry_run,
            progress=self.stderr,
        )
        interrupted = False
        try:
            result = run.run()
        except ExportError as error:
            raise CommandError(str(error)) from None
        except KeyboardInterrupt:
            # Each item is whole or absent: say what got in, and how to go on.
            result, interrupted = run.report, True
            result.notes.append(
                "Interrupted. Every item imported so far is complete; run the same command "
                "again to import the rest (what is already in is skipped)."
            )
        text = result.text()
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        path = Path(report or f"{export}.import-{stamp}{'-dry-run' if dry_run else ''}.txt")
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as error:
            self.stderr.write(f"The report could not be written to {path}: {error.strerror}")
            path = None
        self.stdout.write(text)
        if path:
            self.stdout.write(f"This report is also in {path}")
        if interrupted:
            raise CommandError("The import was interrupted; run it again to finish it.")
