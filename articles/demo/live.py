"""The demo day's live story (data/live.toml): an ended live story with about 15 posts by the
demo's people, one pinned, three key events, one corrected, one with a photo and one with an
embed. Made through the publishing and live coverage services, as the desk would; a story
already there is left as it is."""

from django.utils.html import escape

from publishing import revisions, services

from .. import live
from ..body import elements
from ..models import Article, Credit
from . import content


def load_live_story(newsroom):
    """Create, publish, fill and end the demo's live story, unless it exists."""
    spec = content.read("live")
    if Article.objects.filter(slug=spec["slug"]).exists():
        return None
    editor = newsroom.users["editor"]
    story = Article(
        slug=spec["slug"],
        headline=spec["headline"],
        deck=spec["deck"],
        article_type=Article.ArticleType.LIVE,
        section=newsroom.sections[spec["section"]],
        lead_photo=newsroom.photo(spec["lead_photo"]),
        created_by=editor,
    )
    story.save(record_revision=False)
    for order, slug in enumerate(spec["byline"]):
        Credit.objects.create(
            article=story, person=newsroom.people[slug], role=Credit.Role.BYLINE, order=order
        )
    story.tags.add(*spec.get("tags", []))
    revisions.record(story, editor, "Created")
    services.publish(story, editor, at=spec["published_at"])
    story.refresh_from_db()
    live.set_key_points(editor, story, spec["key_points"].strip())
    for row in spec["posts"]:
        made = live.save_post(
            editor,
            story,
            title=row.get("title", ""),
            body=post_body(newsroom, row),
            people=[newsroom.people[slug] for slug in row["byline"]],
            is_key_event=row.get("key_event", False),
            is_pinned=row.get("pinned", False),
            publish=True,
            published_at=row["time"],
        )
        if "correction" in row:
            live.correct_post(editor, made, "correction", row["correction"], at=row["time"])
    live.end_coverage(editor, story, at=spec["ended_at"])
    newsroom.count("live stories", True)
    return story


def post_body(newsroom, row):
    paragraphs = content.paragraphs(row["body"])
    html = "".join(f"<p>{escape(text)}</p>" for text in paragraphs)
    if "photo" in row:
        html += elements.Photo(newsroom.photo(row["photo"]).pk).to_html()
    if "embed" in row:
        html += elements.Embed(row["embed"]["url"], row["embed"].get("title", "")).to_html()
    return html
