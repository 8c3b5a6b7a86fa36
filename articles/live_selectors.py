"""Reads of live coverage for readers: a page of posts, the page a post is on, the key events,
the update endpoint's answer and the posts' feed. Each starts from `LivePost.objects.visible()`
(published posts of a story readers may see) and runs a fixed number of queries whatever the
number of posts (tests/articles/test_live_pages.py pins them)."""

from dataclasses import dataclass, field

from django.core.paginator import InvalidPage, Paginator
from django.db.models import Prefetch, Q
from django.http import Http404
from django.template.loader import render_to_string

from .body import read_body
from .body import render as body_render
from .models import LiveCoverage, LivePost, LivePostCorrection, LivePostCredit

POSTS_PER_PAGE = 50
# The update endpoint carries the rendered posts changed most recently; a reader further
# behind than this reloads the page instead.
RECENT_POSTS = 20
FEED_POSTS = 50


def with_content(posts):
    """Posts with their byline, corrections, and what their bodies name, in a fixed number of
    queries: the posts' query, bylines, corrections, then the body's photos (and galleries,
    stories) for all posts at once."""
    posts = list(
        posts.prefetch_related(
            Prefetch(
                "credits",
                queryset=LivePostCredit.objects.select_related("person"),
                to_attr="byline_credits",
            ),
            Prefetch(
                "corrections",
                queryset=LivePostCorrection.objects.order_by("published_at", "id"),
                to_attr="visible_corrections",
            ),
        )
    )
    blocks = {post.pk: read_body(post.body) for post in posts}
    loaded = body_render.load([block for found in blocks.values() for block in found])
    for post in posts:
        post.body_blocks, post.body_loaded = blocks[post.pk], loaded
    return posts


def ordered(story_pk, order, preview=False):
    """The story's visible posts, pinned first, then in the story's order. A staff preview of
    a story not yet published shows the posts that will be visible once it is."""
    posts = LivePost.objects.filter(status=LivePost.Status.PUBLISHED) if preview else None
    posts = posts if posts is not None else LivePost.objects.visible()
    return posts.filter(story=story_pk).in_reading_order(order)


@dataclass
class LivePage:
    coverage: LiveCoverage
    pinned: LivePost | None
    page: object  # a Paginator page of posts
    key_events: list = field(default_factory=list)
    focus: LivePost | None = None  # the post a permalink opened


def live_page(story, number=1, focus_pk=None, preview=False):
    """One page of a live story: its pinned post (on the first page), 50 posts a page in the
    story's order, and every key event for the navigation."""
    coverage = story.live
    visible = ordered(story.pk, coverage.order, preview)
    pinned = None
    if number == 1:
        pinned = next(iter(with_content(visible.filter(is_pinned=True)[:1])), None)
    rest = visible.filter(is_pinned=False)
    paginator = Paginator(rest, POSTS_PER_PAGE)
    try:
        page = paginator.page(number)
    except InvalidPage as error:
        raise Http404("There is no such page of this live story.") from error
    page.object_list = with_content(page.object_list)
    key_events = list(
        visible.filter(Q(is_key_event=True))
        .order_by("-published_at", "-id")
        .only("pk", "title", "body", "published_at", "story_id")
    )
    focus = None
    if focus_pk is not None:
        focus = next((p for p in [pinned, *page.object_list] if p and p.pk == focus_pk), None)
    return LivePage(coverage, pinned, page, key_events, focus)


def page_of_post(story_pk, post_pk):
    """The page number a visible post is on (1 for the pinned post), or None if readers may
    not see it; its title for sharing cards comes with it."""
    post = (
        LivePost.objects.visible()
        .filter(story=story_pk, pk=post_pk)
        .values("pk", "is_pinned", "published_at", "title", "body")
        .first()
    )
    if post is None:
        return None
    if post["is_pinned"]:
        number = 1
    else:
        order = LiveCoverage.objects.filter(pk=story_pk).values_list("order", flat=True).first()
        newest = order != LiveCoverage.Order.OLDEST_FIRST
        when, pk = post["published_at"], post["pk"]
        if newest:
            before = Q(published_at__gt=when) | Q(published_at=when, pk__gt=pk)
        else:
            before = Q(published_at__lt=when) | Q(published_at=when, pk__lt=pk)
        ahead = LivePost.objects.visible().filter(story=story_pk, is_pinned=False).filter(before)
        number = ahead.count() // POSTS_PER_PAGE + 1
    return {"page": number, "title": post["title"], "summary": summary(post["body"])}


def summary(body, limit=200):
    """The first words of a post, for a key event without a title and a sharing card."""
    text = " ".join(block.plain() for block in read_body(body) if block.kind == "text")
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def updates(story):
    """What an open reader page needs to catch up: the coverage's state and stamp, every
    visible post's id and version in reading order (a post missing from it was removed), and
    the most recently changed posts rendered as the page shows them."""
    coverage = story.live
    manifest = list(
        ordered(story.pk, coverage.order).values_list("pk", "version", "is_pinned")[:5000]
    )
    recent = with_content(
        LivePost.objects.visible()
        .filter(story=story.pk)
        .select_related("story")
        .order_by("-changed_at", "-id")[:RECENT_POSTS]
    )
    return {
        "stamp": coverage.stamp,
        "ended": coverage.has_ended,
        "order": coverage.order,
        "pinned": next((pk for pk, _, pin in manifest if pin), None),
        "posts": [[pk, version] for pk, version, pin in manifest if not pin],
        "html": {
            str(post.pk): render_to_string(
                "articles/live_post.html", {"post": post, "article": story}
            )
            for post in recent
        },
        "key_points": render_to_string("articles/live_key_points.html", {"coverage": coverage}),
    }


def feed_posts(story_pk):
    """The story's newest visible posts for its feed (pinned or not, newest first)."""
    return with_content(
        LivePost.objects.visible()
        .filter(story=story_pk)
        .order_by("-published_at", "-id")[:FEED_POSTS]
    )


def jsonld_posts(story_pk):
    """The posts JSON-LD lists as liveBlogUpdate: the newest 50, as the feed has them."""
    return feed_posts(story_pk)
