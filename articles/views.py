"""Reader pages: front page, article, section, person, tag, timeline, search, corrections.

Each view decides what readers may see with `published()` (staff may preview the rest,
bannered and never cached), then hands lazily-read content to a template whose
`{% fragment %}` blocks render it once per content generation (articles/fragments.py). The
lookups themselves (which published story has this slug, which section this address) are
kept per generation too, so a warm page reads one cache round trip and no SQL; any save, or a
scheduled item going live, starts a new generation and every page looks again.
"""

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_safe
from taggit.models import Tag

from media_gallery.views import can_preview, mark_preview

from . import fragments, selectors
from .models import Article, OldArticleURL, Person, Section, Timeline


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


def prefetch_listing(request, kind, parts, lookup=None):
    """Read a listing page's fragments in one round trip: its `lookup` (the section, person
    or tag at this address), site chrome, the list's count, and "<kind>-head" and
    "<kind>-list" for these `parts` and the page number (which is returned)."""
    number = page_number(request)
    fragments.prefetch(
        request,
        [
            *([lookup] if lookup else []),
            *fragments.site_fragments(),
            ("count", (kind, *parts)),
            (f"{kind}-head", (*parts, number)),
            (f"{kind}-list", (*parts, number)),
        ],
    )
    return number


def listing_page(request, build, kind, parts, number):
    """Page `number` of the stories `build()` returns, 20 a page; a bad or out-of-range
    number is a 404. A warm listing neither counts nor renders (nor queries) the stories."""
    stories = Stories(build)
    paginator = Paginator(stories, selectors.PER_PAGE)
    paginator.count = fragments.remember("count", (kind, *parts), stories.count, request)
    try:
        return paginator.page(number)
    except InvalidPage as error:
        raise Http404("There is no such page.") from error


def lazy(model, pk, *related):
    """The row, read only if a fragment that needs it is rendered."""
    return SimpleLazyObject(lambda: model.objects.select_related(*related).get(pk=pk))


@require_safe
def front_page(request):
    # The masthead (rendered first) leaves the top sections on the request.
    front = SimpleLazyObject(
        lambda: selectors.front_page(tops=getattr(request, "_section_tree", None))
    )
    return render(
        request,
        "articles/front_page.html",
        {"front": front, "front_page": True, "fragments_wanted": [("front-page", ())]},
    )


@require_safe
def article_detail(request, year, month, day, slug):
    fragments.prefetch(
        request,
        [
            ("article-lookup", (slug,)),
            *fragments.site_fragments(),
            ("article-head", (slug,)),
            ("article-main", (slug,)),
        ],
    )
    # (pk, canonical address) of the published story with this slug.
    found = fragments.remember(
        "article-lookup", (slug,), lambda: selectors.published_article_address(slug), request
    )
    preview = False
    if found is None:
        draft = selectors.article_preview(slug)
        if draft is None or not can_preview(request, Article):
            return _old_address_or_404(request)
        found = (draft.pk, draft.get_absolute_url())
        preview = True
    pk, canonical = found
    if request.path != canonical:
        # The right story at a wrong date: send readers and search engines to the one address.
        return redirect(canonical, permanent=not preview)
    response = render(
        request,
        "articles/article_detail.html",
        {
            "slug": slug,
            "article": SimpleLazyObject(lambda: selectors.article_for_page(pk)),
            "preview": preview,
            "fragments_enabled": not preview,
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
    parts = (parent or "", slug)
    number = prefetch_listing(request, "section", parts, ("section-lookup", parts))
    section_pk = fragments.remember(
        "section-lookup", parts, lambda: selectors.section_id(slug, parent), request
    )
    if section_pk is None:
        raise Http404("No section has this address.")
    section = lazy(Section, section_pk, "parent")
    page = listing_page(
        request, lambda: selectors.section_articles(section), "section", parts, number
    )
    return render(
        request,
        "articles/section_detail.html",
        {"section": section, "parts": parts, "page": page},
    )


@require_safe
def person_detail(request, slug):
    number = prefetch_listing(request, "person", (slug,), ("person-lookup", (slug,)))
    person_pk = fragments.remember(
        "person-lookup", (slug,), lambda: selectors.person_id(slug), request
    )
    if person_pk is None:
        raise Http404("No one has this address.")
    person = lazy(Person, person_pk, "headshot")
    page = listing_page(
        request, lambda: selectors.person_articles(person_pk), "person", (slug,), number
    )
    return render(
        request, "articles/person_detail.html", {"person": person, "slug": slug, "page": page}
    )


@require_safe
def tag_detail(request, slug):
    number = prefetch_listing(request, "tag", (slug,), ("tag-lookup", (slug,)))
    tag_pk = fragments.remember(
        "tag-lookup", (slug,), lambda: selectors.tag_id_with_published_items(slug), request
    )
    if tag_pk is None:
        raise Http404("No published story carries this tag.")
    page = listing_page(request, lambda: selectors.tag_articles(tag_pk), "tag", (slug,), number)
    return render(
        request,
        "articles/tag_detail.html",
        {
            "tag": lazy(Tag, tag_pk),
            "slug": slug,
            "page": page,
            "extras": SimpleLazyObject(lambda: selectors.tag_galleries_and_timelines(tag_pk)),
        },
    )


@require_safe
def timeline_detail(request, slug):
    fragments.prefetch(
        request,
        [
            ("timeline-lookup", (slug,)),
            *fragments.site_fragments(),
            ("timeline-head", (slug,)),
            ("timeline-main", (slug,)),
        ],
    )
    pk = fragments.remember(
        "timeline-lookup", (slug,), lambda: selectors.published_timeline_id(slug), request
    )
    preview = False
    if pk is None:
        draft = Timeline.objects.filter(slug=slug).values_list("pk", flat=True).first()
        if draft is None or not can_preview(request, Timeline):
            raise Http404("No published timeline has this address.")
        pk, preview = draft, True
    response = render(
        request,
        "articles/timeline_detail.html",
        {
            "slug": slug,
            "timeline": SimpleLazyObject(lambda: selectors.timeline_for_page(pk)),
            "preview": preview,
            "fragments_enabled": not preview,
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
    number = prefetch_listing(request, "corrections", ("log",))
    page = listing_page(request, selectors.corrections_log, "corrections", ("log",), number)
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
