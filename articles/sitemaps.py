"""Sitemaps for search engines: an index over articles, galleries, timelines, sections and
people, and a Google News sitemap of the last 48 hours. Only published items are listed."""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import x_robots_tag
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from media_gallery.models import Gallery
from reader.display import absolute

from .models import Article, Person, Section, Timeline

NEWS_SITEMAP_HOURS = 48
NEWS_SITEMAP_LIMIT = 1000  # Google News reads at most 1,000 URLs a sitemap.


class SiteSitemap(Sitemap):
    """Addresses on the site's public host (NEWSROOM_SITE_URL), whatever host asked."""

    limit = 5000

    def get_protocol(self, protocol=None):
        return urlsplit(settings.NEWSROOM_SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.NEWSROOM_SITE_URL).netloc


class ArticleSitemap(SiteSitemap):
    changefreq = "daily"

    def items(self):
        return (
            Article.objects.published()
            .only("slug", "published_at", "created_at", "updated_at")
            .order_by("-published_at", "-id")
        )

    def lastmod(self, item):
        return item.updated_at


class GallerySitemap(SiteSitemap):
    def items(self):
        return (
            Gallery.objects.published().only("slug", "updated_at").order_by("-published_at", "-id")
        )

    def lastmod(self, item):
        return item.updated_at


class TimelineSitemap(SiteSitemap):
    def items(self):
        return (
            Timeline.objects.published().only("slug", "updated_at").order_by("-published_at", "-id")
        )

    def lastmod(self, item):
        return item.updated_at


class SectionSitemap(SiteSitemap):
    changefreq = "hourly"

    def items(self):
        return Section.objects.select_related("parent").order_by("order", "name", "id")


class PersonSitemap(SiteSitemap):
    """People credited on at least one published story, and public profiles."""

    def items(self):
        return Person.objects.public().only("slug").order_by("name", "id")


SITEMAPS = {
    "articles": ArticleSitemap,
    "galleries": GallerySitemap,
    "timelines": TimelineSitemap,
    "sections": SectionSitemap,
    "people": PersonSitemap,
}


@require_safe
@x_robots_tag
def sitemap_index(request):
    """The index, on the site's public host; one entry per page of each sitemap."""
    entries = []
    for name, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        address = absolute(reverse("sitemap", kwargs={"section": name}))
        entries.append(address)
        entries += [f"{address}?p={page}" for page in range(2, sitemap.paginator.num_pages + 1)]
    return render(
        request,
        "sitemap_index.xml",
        {"sitemaps": [{"location": entry} for entry in entries]},
        content_type="application/xml",
    )


@require_safe
@x_robots_tag
def news_sitemap(request):
    """Google News: stories published in the last 48 hours, newest first."""
    since = timezone.now() - timedelta(hours=NEWS_SITEMAP_HOURS)
    stories = (
        Article.objects.published()
        .filter(published_at__gte=since)
        .select_related("live")
        .only(
            "headline",
            "slug",
            "published_at",
            "embargo_until",
            "created_at",
            "article_type",
            "live__ended_at",
        )
        .order_by("-published_at")[:NEWS_SITEMAP_LIMIT]
    )
    return render(
        request,
        "news_sitemap.xml",
        {
            "stories": stories,
            "publication_name": settings.NEWSROOM_SITE_NAME,
            "language": settings.LANGUAGE_CODE.split("-")[0],
        },
        content_type="application/xml",
    )
