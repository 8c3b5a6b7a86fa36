"""RSS and Atom feeds of a live story's posts: the newest 50 published posts, each with its
byline, times, corrections and whole body; a removed post leaves the feed."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponseNotAllowed
from django.utils.html import format_html, format_html_join

from publishing.display import moment
from reader.display import absolute

from . import live_selectors
from .body import render as body_render
from .bylines import join_names
from .feeds import AtomWithContent, RssWithContent
from .models import Article


class LivePosts(Feed):
    feed_type = RssWithContent

    def __call__(self, request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        response = super().__call__(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex"
        return response

    def get_object(self, request, year, month, day, slug):
        story = (
            Article.objects.published()
            .filter(slug=slug, article_type=Article.ArticleType.LIVE, live__isnull=False)
            .select_related("live")
            .first()
        )
        if story is None:
            raise Http404("No published live story has this address.")
        return story

    def title(self, obj):
        label = "LIVE: " if obj.is_live_coverage_on else ""
        return f"{label}{obj.headline} — {settings.NEWSROOM_SITE_NAME}"

    def description(self, obj):
        return obj.deck or f"Live coverage from {settings.NEWSROOM_SITE_NAME}."

    subtitle = description

    def link(self, obj):
        return absolute(obj.get_absolute_url())

    def feed_url(self, obj):
        atom = "atom/" if issubclass(self.feed_type, AtomWithContent) else ""
        return absolute(f"{obj.get_absolute_url()}feed/{atom}")

    def items(self, obj):
        posts = live_selectors.feed_posts(obj.pk)
        for post in posts:
            post.permalink = absolute(f"{obj.get_absolute_url()}posts/{post.pk}/")
            post.feed_content = body_render.feed_html(
                post.body_blocks, post.body_loaded, post.permalink
            )
        return posts

    def item_title(self, item):
        return item.title or live_selectors.summary(item.body, limit=100) or "Update"

    def item_link(self, item):
        return item.permalink

    def item_guid(self, item):
        return item.permalink

    def item_description(self, item):
        corrections = format_html_join(
            "",
            "<p><strong>{}, {}:</strong> {}</p>",
            (
                (c.get_kind_display(), moment(c.published_at), c.text)
                for c in item.visible_corrections
            ),
        )
        return format_html("{}{}", corrections, item.feed_content)

    def item_author_name(self, item):
        return join_names([p.name for p in item.byline_people]) or None

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.date_modified

    def item_extra_kwargs(self, item):
        return {"content_encoded": str(item.feed_content)}


class LivePostsAtom(LivePosts):
    feed_type = AtomWithContent
