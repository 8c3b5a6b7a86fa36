"""`manage.py demo_logins`: print the admin address and the demo logins (`make run` calls it)."""

import os

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand

from articles.demo import content
from articles.demo.logins import PASSWORD_ENV, known_password, passwords_file


class Command(BaseCommand):
    help = "Print the admin URL and the demo logins with their passwords."

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default=settings.NEWSROOM_SITE_URL,
            help="The site's address as served (default: NEWSROOM_SITE_URL).",
        )

    def handle(self, *args, base_url, **options):
        base_url = base_url.rstrip("/")
        self.stdout.write(f"Admin: {base_url}/admin/   Site: {base_url}/")
        self.stdout.write("Demo logins:")
        for login in content.desk()["logins"]:
            username, group = login["username"], login.get("group")
            if not User.objects.filter(username=username).exists():
                self.stdout.write(f"  {username:<10} (not created: run `manage.py load_demo`)")
                continue
            password = known_password(username) or (
                f"(not recorded: set it with `manage.py changepassword {username}`)"
            )
            self.stdout.write(f"  {username:<10} {password:<24} {group or 'superuser'}")
        source = PASSWORD_ENV if os.environ.get(PASSWORD_ENV) else passwords_file()
        self.stdout.write(f"(passwords from {source})")
