"""`manage.py reset_second_factor USERNAME`: for a lost or replaced phone."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from security import two_factor


class Command(BaseCommand):
    help = (
        "Remove a person's second factor (authenticator app and recovery codes); they set it "
        "up again at their next sign-in."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model()._default_manager.filter(username=username).first()
        if user is None:
            raise CommandError(f"No login is called {username!r}.")
        removed = two_factor.reset(user)
        if not removed:
            self.stdout.write(f"{username} had no second factor; nothing to remove.")
            return
        self.stdout.write(
            f"Removed {username}'s second factor ({removed} device(s)). They set it up again "
            "at their next sign-in."
        )
