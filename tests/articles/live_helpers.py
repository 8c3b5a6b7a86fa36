"""Live stories and posts for tests: real rows made through the live coverage services."""

from datetime import timedelta

from django.utils import timezone

from articles import live
from articles.models import Article, LiveCoverage
from publishing.models import Status
from tests.factories import make_article, make_person


def make_live_story(headline="Storm makes landfall", *, ended=False, order="newest", **fields):
    fields.setdefault("status", Status.PUBLISHED)
    story = make_article(headline, article_type=Article.ArticleType.LIVE, **fields)
    # Saving a story of type "Live coverage" gives it its coverage; set it up as the test wants.
    LiveCoverage.objects.filter(article=story).update(
        key_points="Landfall at 9 p.m.\nEvacuations ordered",
        started_at=story.published_at,
        ended_at=timezone.now() - timedelta(minutes=1) if ended else None,
        order=order,
    )
    return Article.objects.select_related("live").get(pk=story.pk)


def post(editor, story, text="Winds reach 120 mph.", *, person=None, publish=True, **fields):
    person = person or make_person("Pat Poster")
    return live.save_post(
        editor, story, body=f"<p>{text}</p>", people=[person], publish=publish, **fields
    )
