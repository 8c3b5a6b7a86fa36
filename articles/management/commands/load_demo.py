"""`manage.py load_demo`: the demo newsroom (seed story, gallery, timeline, desk, logins)."""

from django.core.management.base import BaseCommand

from articles.demo.builder import DemoNewsroom
from articles.signals import demo_loaded


class Command(BaseCommand):
    help = (
        "Load the demo newsroom: the Syrian defection story with its photo, gallery and "
        "timeline, about 30 other stories, sections, people and one login per role. "
        "Running it again changes nothing."
    )

    def handle(self, *args, **options):
        demo = DemoNewsroom().load()
        self.stdout.write(demo.summary())
        # Apps that build on this one (the curated front) add their part of the demo.
        for _receiver, added in demo_loaded.send(sender=self.__class__, demo=demo):
            if added:
                self.stdout.write(added)
