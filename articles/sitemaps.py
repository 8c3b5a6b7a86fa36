"""Sitemaps for search engines: an index over articles, galleries, timelines, sections and
people, and a Google News sitemap of the last 48 hours. Only published items are listed.
What grows with the archive is paged by id ranges (`IdRangePaginator`), so neither the index
nor a page counts the archive."""

import math
from datetime import timedelta
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import x_robots_tag
from django.core.paginator import EmptyPage, InvalidPage, Page, PageNotAnInteger
from django.db.models import Max, Min
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from media_gallery.models import Gallery
from reader import keys
from reader.display import absolute

from .models import Article, Person, Section, Timeline

NEWS_SITEMAP_HOURS = 48
NEWS_SITEMAP_LIMIT = 1000  # Google News reads at most 1,000 URLs a sitemap.


class IdRangePaginator:
    """Sitemap pages by ranges of ids: page p lists the items with ids in ((p - 1) × limit,
    p × limit]. The index needs only the highest id (one index read), never a count of the
    archive; a page reads one range of the primary key's index; and an item stays on its page
    for good, so search engines see a page change only when its own items do."""

    def __init__(self, items, per_page):
        self.items = items
        self.per_page = per_page

    @cached_property
    def _bounds(self):
        """The lowest and highest ids, in one query (two index reads)."""
        found = self.items.order_by().aggregate(low=Min("pk"), high=Max("pk"))
        return found["low"] or 0, found["high"] or 0

    @property
    def num_pages(self):
        return max(1, math.ceil(self._bounds[1] / self.per_page))

    @property
    def first_page(self):
        """The page of the lowest id, so an archive whose ids start high (an import, deleted
        early items) is not indexed as a run of empty pages."""
        return max(1, math.ceil(self._bounds[0] / self.per_page))

    def validate_number(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger("That page number is not a whole number.") from error
        if number < 1 or number > self.num_pages:
            raise EmptyPage("That page has no addresses.")
        return number

    def page(self, number):
        number = self.validate_number(number)
        low, high = (number - 1) * self.per_page, number * self.per_page
        return Page(self.items.filter(pk__gt=low, pk__lte=high).order_by("pk"), number, self)


class SiteSitemap(Sitemap):
    """Addresses on the site's public host (NEWSROOM_SITE_URL), whatever host asked."""

    limit = 5000

    def get_protocol(self, protocol=None):
        return urlsplit(settings.NEWSROOM_SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.NEWSROOM_SITE_URL).netloc


class ArchiveSitemap(SiteSitemap):
    """A sitemap of something that grows with the archive, paged by id ranges of 1,000 (a
    page answers in tens of milliseconds; search engines read up to 50,000 a page)."""

    limit = 1000

    @property
    def paginator(self):
        return IdRangePaginator(self.items(), self.limit)


class ArticleSitemap(ArchiveSitemap):
    changefreq = "daily"

    def items(self):
        return Article.objects.published().only("slug", "published_at", "created_at", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class GallerySitemap(ArchiveSitemap):
    def items(self):
        return Gallery.objects.published().only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class TimelineSitemap(ArchiveSitemap):
    def items(self):
        return Timeline.objects.published().only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class SectionSitemap(SiteSitemap):
    changefreq = "hourly"

    def items(self):
        return Section.objects.select_related("parent").order_by("order", "name", "id")


class PersonSitemap(ArchiveSitemap):
    """People credited on at least one published story, and public profiles."""

    def items(self):
        return Person.objects.public().only("slug")


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
    keys.lists()
    entries = []
    for name, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        address = absolute(reverse("sitemap", kwargs={"section": name}))
        paginator = sitemap.paginator
        first = getattr(paginator, "first_page", 1)
        entries += [
            address if page == 1 else f"{address}?p={page}"
            for page in range(first, paginator.num_pages + 1)
        ]
    return render(
        request,
        "sitemap_index.xml",
        {"sitemaps": [{"location": entry} for entry in entries]},
        content_type="application/xml",
    )


@require_safe
@x_robots_tag
def sitemap_page(request, section):
    """One page (`?p=`) of one sitemap, written directly rather than through a template loop
    (which cost about 0.4 ms an address): what each address needs is read in the one query."""
    sitemap_class = SITEMAPS.get(section)
    if sitemap_class is None:
        raise Http404("No sitemap has this name.")
    keys.lists()
    sitemap = sitemap_class()
    try:
        page = sitemap.paginator.page(request.GET.get("p", 1))
    except InvalidPage as error:
        raise Http404("That sitemap has no such page.") from error
    lastmod = getattr(sitemap, "lastmod", None)
    frequency = getattr(sitemap, "changefreq", None)
    changefreq = f"<changefreq>{frequency}</changefreq>" if frequency else ""
    parts = [SITEMAP_START]
    latest = None
    for item in page.object_list:
        moment = lastmod(item) if callable(lastmod) else None
        when = ""
        if moment is not None:
            latest = max(latest, moment) if latest else moment
            when = f"<lastmod>{timezone.localtime(moment).isoformat(timespec='seconds')}</lastmod>"
        parts.append(f"<url><loc>{escape(absolute(sitemap.location(item)))}</loc>{when}")
        parts.append(f"{changefreq}</url>\n")
    parts.append("</urlset>\n")
    response = HttpResponse("".join(parts), content_type="application/xml")
    if latest is not None:
        response.headers["Last-Modified"] = http_date(latest.timestamp())
    return response


SITEMAP_START = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
)


@require_safe
@x_robots_tag
def news_sitemap(request):
    """Google News: stories published in the last 48 hours, newest first."""
    keys.lists()
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
