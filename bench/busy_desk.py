"""A busy desk, for measuring pages while it works: 5 draft saves a second and one edit of a
published story every 10 seconds, through the same services the admin uses.

Run it beside a served bench corpus (`python bench/run.py --serve`, same environment):

    BENCH_DATABASE_URL=... .venv/bin/python bench/busy_desk.py --seconds 60

and measure with wrk or ../shared/bench-wagtail/run.sh meanwhile. It prints how many saves
it made and how far it fell behind its pace.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from run import environment  # noqa: E402  (the bench's own production settings)

os.environ.update(environment("newsroom"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402

from articles.models import Article, Section  # noqa: E402
from publishing import services  # noqa: E402
from publishing.models import Status  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--drafts-per-second", type=float, default=5)
    parser.add_argument("--published-every", type=float, default=10)
    options = parser.parse_args()

    User = get_user_model()
    editor = (
        User.objects.filter(groups__name="Editors").first()
        or User.objects.filter(is_superuser=True).first()
    )
    section = Section.objects.get(slug="world")
    drafts = [
        Article.objects.create(
            headline=f"Busy desk draft {number}",
            slug=f"busy-desk-draft-{number}-{int(time.time())}",
            section=section,
            status=Status.DRAFT,
            body="<p>Typed.</p>",
        )
        for number in range(5)
    ]
    published = list(
        Article.objects.published().filter(section=section).order_by("-published_at")[:20]
    )
    started = time.monotonic()
    draft_saves = published_saves = 0
    next_published = started + options.published_every
    step = 1 / options.drafts_per_second
    next_draft = started
    while time.monotonic() - started < options.seconds:
        draft = Article.objects.get(pk=drafts[draft_saves % len(drafts)].pk)
        draft.deck = f"Draft typed at {time.time():.3f}"
        services.save_edit(draft, editor)
        draft_saves += 1
        if time.monotonic() >= next_published and published:
            story = Article.objects.get(pk=published[published_saves % len(published)].pk)
            story.deck = f"Updated at {time.strftime('%H:%M:%S')}"
            services.save_edit(story, editor)
            published_saves += 1
            next_published += options.published_every
        next_draft += step
        time.sleep(max(0, next_draft - time.monotonic()))
    elapsed = time.monotonic() - started
    Article.objects.filter(pk__in=[d.pk for d in drafts]).delete()
    print(
        f"{draft_saves} draft saves ({draft_saves / elapsed:.1f}/s) and {published_saves} "
        f"published edits in {elapsed:.0f} s"
    )


if __name__ == "__main__":
    main()
