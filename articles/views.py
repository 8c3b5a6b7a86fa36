"""Reader pages: front page, article, section, person, tag, timeline, search, corrections.

Each view looks up what readers may see with `published()` on every request (staff may
preview the rest, bannered and never cached), then hands lazily-read content to a template
whose `{% fragment %}` blocks render it once per content generation (articles/fragments.py).
"""

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_safe

from media_gallery.views import can_preview, mark_preview

from . import fragments, selectors
from .models import Article, OldArticleURL, Timeline


def page_number(request):
    try:
        return int(request.GET.get("page", "1"))
    except ValueError as error:
        raise Http404("There is no such page.") from error


class Stories:
    """A listing's stories, whose queryset is built (and run) only if the page's list
    fragment is rendered: a warm listing page does not even build it."""

    def __init__(self, build):
        self.build = build

    def count(self):
        return self.build().count()

    def __getitem__(self, index):
        return SimpleLazyObject(lambda: self.build()[index])


def listing_page(request, build, kind, *parts):
    """Page `?page=N` of the stories `build()` returns, 20 a page; a bad or out-of-range
    number is a 404.

    The page's fragments (site chrome, and "<kind>-head" and "<kind>-list" for these `parts`
    and page number) and the list's count are read from the cache in one go, so a warm
    listing neither counts nor renders the stories again.
    """
    number = page_number(request)
    count_parts = (kind, *parts)
    fragments.prefetch(
        request,
        [
            *fragments.site_fragments(),
            ("count", count_parts),
            (f"{kind}-head", (*parts, number)),
            (f"{kind}-list", (*parts, number)),
        ],
    )
    stories = Stories(build)
    paginator = Paginator(stories, selectors.PER_PAGE)
    paginator.count = fragments.remember("count", count_parts, stories.count, request)
    try:
        return paginator.page(number)
    except InvalidPage as error:
        raise Http404("There is no such page.") from error


@require_safe
def front_page(request):
    front = SimpleLazyObject(selectors.front_page)
    return render(
        request,
        "articles/front_page.html",
        {"front": front, "front_page": True, "fragments_wanted": [("front-page", ())]},
    )


@require_safe
def article_detail(request, year, month, day, slug):
    summary = selectors.article_summary(slug)
    preview = False
    if summary is None:
        summary = selectors.article_preview(slug)
        if summary is None or not can_preview(request, Article):
            return _old_address_or_404(request)
        preview = True
    canonical = summary.get_absolute_url()
    if request.path != canonical:
        # The right story at a wrong date: send readers and search engines to the one address.
        return redirect(canonical, permanent=not preview)
    parts = (summary.pk, summary.version)
    article = SimpleLazyObject(lambda: selectors.article_for_page(summary.pk))
    response = render(
        request,
        "articles/article_detail.html",
        {
            "summary": summary,
            "article": article,
            "preview": preview,
            "fragments_enabled": not preview,
            "fragments_wanted": [("article-head", parts), ("article-main", parts)],
        },
    )
    return mark_preview(response) if preview else response


def _old_address_or_404(request):
    """An address a published story had before its slug or date changed answers 301."""
    old = OldArticleURL.objects.filter(path=request.path).values_list("article", flat=True)[:1]
    article = (
        Article.objects.published()
        .filter(pk__in=old)
        .only("slug", "published_at", "created_at")
        .first()
    )
    if article is None:
        raise Http404("No published story has this address.")
    return HttpResponsePermanentRedirect(article.get_absolute_url())


@require_safe
def section_detail(request, slug, parent=None):
    section = selectors.section_by_path(slug, parent)
    if section is None:
        raise Http404("No section has this address.")
    page = listing_page(request, lambda: selectors.section_articles(section), "section", section.pk)
    return render(
        request,
        "articles/section_detail.html",
        {
            "section": section,
            "page": page,
        },
    )


@require_safe
def person_detail(request, slug):
    person = selectors.person_by_slug(slug)
    if person is None:
        raise Http404("No one has this address.")
    page = listing_page(request, lambda: selectors.person_articles(person), "person", person.pk)
    return render(
        request,
        "articles/person_detail.html",
        {
            "person": person,
            "page": page,
        },
    )


@require_safe
def tag_detail(request, slug):
    tag = selectors.tag_with_published_items(slug)
    if tag is None:
        raise Http404("No published story carries this tag.")
    page = listing_page(request, lambda: selectors.tag_articles(tag), "tag", tag.pk)
    extras = SimpleLazyObject(lambda: selectors.tag_galleries_and_timelines(tag))
    return render(
        request,
        "articles/tag_detail.html",
        {
            "tag": tag,
            "page": page,
            "extras": extras,
        },
    )


@require_safe
def timeline_detail(request, slug):
    summary = selectors.timeline_summary(slug)
    preview = False
    if summary is None:
        summary = Timeline.objects.filter(slug=slug).only("pk", "slug", "version").first()
        if summary is None or not can_preview(request, Timeline):
            raise Http404("No published timeline has this address.")
        preview = True
    parts = (summary.pk, summary.version)
    timeline = SimpleLazyObject(lambda: selectors.timeline_for_page(summary.pk))
    response = render(
        request,
        "articles/timeline_detail.html",
        {
            "summary": summary,
            "timeline": timeline,
            "preview": preview,
            "fragments_enabled": not preview,
            "fragments_wanted": [("timeline-head", parts), ("timeline-main", parts)],
        },
    )
    return mark_preview(response) if preview else response


@require_safe
def search(request):
    terms = selectors.clean_query(request.GET.get("q"))
    page = None
    if terms:
        paginator = Paginator(selectors.search_articles(terms), selectors.PER_PAGE)
        try:
            page = paginator.page(request.GET.get("page", 1))
        except InvalidPage as error:
            raise Http404("There is no such page of results.") from error
    response = render(request, "articles/search.html", {"terms": terms, "page": page})
    response["X-Robots-Tag"] = "noindex, follow"
    return response


@require_safe
def corrections(request):
    page = listing_page(request, selectors.corrections_log, "corrections", "log")
    return render(request, "articles/corrections.html", {"page": page})


@require_safe
def robots_txt(request):
    site = settings.NEWSROOM_SITE_URL
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "",
        f"Sitemap: {site}{reverse('sitemap_index')}",
        f"Sitemap: {site}{reverse('news_sitemap')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
