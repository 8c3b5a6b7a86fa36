"""Send the webhook deliveries that are due: for a deployment whose task backend cannot run
work later (the background worker does this by itself)."""

from django.core.management.base import BaseCommand

from api.webhooks import send_due


class Command(BaseCommand):
    help = "Send webhook deliveries whose next attempt is due."

    def handle(self, *args, **options):
        self.stdout.write(f"{send_due()} deliveries attempted.")
