"""Reader pages of live coverage: the live story's page (pinned post first, 50 posts a page),
a post's permanent address, the update endpoint open pages poll, and the posts' feeds.

The story page is the article address; `views.article_detail` hands a live story over here.
The update endpoint is the same answer for every reader (no cookie, no session), kept with
the content generation and sent with an ETag and a 4-second max-age (a reader polls every 5 s, so a post shows within 9 s), so a front cache or
CDN serves 10,000 readers with about one render per interval.
"""

import hashlib
import json

from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_safe

from reader.fragments import Fragments
from reader.pagination import page_number
from reader.preview import find, mark_preview

from . import live_selectors, selectors
from .body.embeds import FRAME_SOURCES
from .models import Article

ARTICLE_ADDRESS = ("slug", "published_at", "created_at")
# How often open pages ask for updates, and how long any cache may keep the answer.
POLL_SECONDS = 5
UPDATES_MAX_AGE = 4


def story_kind(fragments, pk):
    """The story's type ("live" or another), kept with the page's fragments."""
    return fragments.remember(
        "kind",
        lambda: (
            Article.objects.filter(pk=pk)
            .exclude(article_type=Article.ArticleType.LIVE, live__isnull=True)
            .values_list("article_type", flat=True)
            .first()
            or ""
        ),
    )


def live_story(request, found, number=None, focus_pk=None, focus=None, fragments=None):
    """The live story's page (page `number`), or a post's permanent address (`focus_pk`).

    `fragments` are the story address's own (`views.article_detail`), already read: the
    first page, which nearly every reader gets, is kept under them, so it costs one cache
    round trip like any story."""
    number = number or page_number(request)
    if focus_pk is not None:
        fragments = Fragments(
            "live-post", (found.pk, focus_pk), blocks=("head", "main"), values=("policy",)
        )
    elif number != 1 or fragments is None:
        fragments = Fragments(
            "live", (found.pk,), blocks=("head", "main"), values=("policy",), page=number
        )
    fragments.enabled = fragments.enabled and not found.preview
    story = SimpleLazyObject(lambda: selectors.article_for_page(found.pk))
    page = SimpleLazyObject(
        lambda: live_selectors.live_page(story, number, focus_pk, found.preview)
    )
    response = render(
        request,
        "articles/live_detail.html",
        {
            "article": story,
            "live": page,
            "focus": focus,
            "number": number,
            "preview": found.preview,
            "fragments": fragments,
            "poll_seconds": POLL_SECONDS,
        },
    )
    # The frames the embeds on this page load and the scripts its graphics run, as for a story.
    policy = fragments.remember("policy", lambda: selectors.article_policy(_blocks(story, page)))
    # A post published later may embed any provider the allowlist knows, and arrives in the
    # open page without a reload: its player must be allowed to load already.
    policy = {**policy, "frame-src": sorted({*policy["frame-src"], *FRAME_SOURCES})}
    response._csp_update = policy
    return mark_preview(response) if found.preview else response


def _blocks(story, page):
    """The blocks of the story's own body and of every post on the page."""
    posts = [post for post in [page.pinned, *page.page.object_list] if post is not None]
    return [*story.body_blocks, *(block for post in posts for block in post.body_blocks)]


@require_safe
def live_post(request, year, month, day, slug, post):
    """A post's permanent address: the page it is on, opened at the post, with the post's
    title on sharing cards. A removed or unpublished post is a 404."""
    # The story's lookup is kept per story; the post's per post, and only when it exists, so
    # a crawler trying random numbers fills no cache.
    fragments = Fragments("live-story", (slug,), values=("lookup", "kind"))
    found = find(request, fragments, Article, address_fields=ARTICLE_ADDRESS, slug=slug)
    if found is None or story_kind(fragments, found.pk) != Article.ArticleType.LIVE:
        raise Http404("No published live story has this address.")
    wanted = f"{found.url}posts/{post}/"
    if request.path != wanted:
        return redirect(wanted, permanent=not found.preview)
    post_fragments = Fragments("live-post-lookup", (found.pk, post), values=("post",))
    post_fragments.enabled = post_fragments.enabled and not found.preview
    focus = post_fragments.remember("post", lambda: live_selectors.page_of_post(found.pk, post))
    if focus is None:
        raise Http404("This post is not (or no longer) published.")
    return live_story(request, found, number=focus["page"], focus_pk=post, focus=focus)


@require_safe
def live_updates(request, year, month, day, slug):
    """What open pages need to catch up (see `live_selectors.updates`), as JSON."""
    fragments = Fragments("live-updates", (slug,), values=("lookup", "kind", "answer"))
    # The story is loaded as a row, not as a bare id, so the kept answer carries its key
    # (reader.keys) and goes when the story is unpublished.
    found = fragments.remember(
        "lookup",
        lambda: getattr(
            Article.objects.published()
            .filter(slug=slug, article_type=Article.ArticleType.LIVE, live__isnull=False)
            .only("pk")
            .first(),
            "pk",
            None,
        ),
    )
    if found is None:
        raise Http404("No published live story has this address.")
    answer = fragments.remember("answer", lambda: _updates_answer(found))
    etag, body = answer
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={UPDATES_MAX_AGE}"
    return response


def _updates_answer(pk):
    story = Article.objects.select_related("live").get(pk=pk)
    body = json.dumps(live_selectors.updates(story), separators=(",", ":")).encode()
    etag = '"' + hashlib.md5(body, usedforsecurity=False).hexdigest()[:16] + '"'
    return etag, body
