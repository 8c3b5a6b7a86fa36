"""`manage.py bench_live_posting`: publish a post on the benchmark's live story every few
seconds (through the live coverage services, as the desk does), so `make bench` measures the
update endpoint while the story moves."""

import time

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand

from articles import live
from articles.management.commands.load_bench_corpus import LIVE_STORY_SLUG
from articles.models import Article, Person


class Command(BaseCommand):
    help = "Publish a post on the benchmark's live story every --every seconds for --seconds."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=float, default=10.0)
        parser.add_argument("--seconds", type=float, default=30.0)

    def handle(self, *args, **options):
        editor, _ = User.objects.get_or_create(
            username="bench-live-desk", defaults={"is_staff": True}
        )
        editor.groups.add(Group.objects.get(name="Editors"))
        editor = User.objects.get(pk=editor.pk)  # fresh permission cache
        story = Article.objects.get(slug=LIVE_STORY_SLUG)
        person = Person.objects.filter(live_credits__post__story=story).first()
        deadline = time.monotonic() + options["seconds"]
        published = 0
        while time.monotonic() < deadline:
            live.save_post(
                editor,
                story,
                body=f"<p>Benchmark update {published + 1} while readers poll.</p>",
                people=[person],
                publish=True,
            )
            published += 1
            time.sleep(options["every"])
        self.stdout.write(f"{published} posts published")
