"""Reader pages: article, section, person, tag, timeline, search, corrections.

Each view declares its page's cached fragments once (`reader.fragments.Fragments`), finds
what readers may see with `published()` (staff may preview the rest, bannered and never
cached), and hands lazily-read content to a template whose `{% fragment %}` blocks render it
once per content generation. The lookups themselves (which published story has this slug,
which section this address, how many stories a list has) are kept with the fragments, so a
warm page reads one cache round trip and no SQL.
"""

from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject, empty
from django.views.decorators.http import require_safe
from taggit.models import Tag

from reader import keys
from reader.display import absolute
from reader.fragments import Fragments
from reader.pagination import (
    PER_PAGE,
    ListingPage,
    ListingPaginator,
    cached_page,
    page_number,
)
from reader.preview import find, mark_preview

from . import live_views, selectors
from . import search as search_stories
from .models import Article, OldArticleURL, Person, Section, Timeline

# What Article.get_absolute_url() reads.
ARTICLE_ADDRESS = ("slug", "published_at", "created_at")


def lazy(model, pk, *related):
    """The row, read only if a fragment that needs it is rendered."""
    return SimpleLazyObject(lambda: model.objects.select_related(*related).get(pk=pk))


@require_safe
def article_detail(request, year, month, day, slug):
    fragments = Fragments(
        "article", (slug,), blocks=("head", "main"), values=("lookup", "policy", "kind")
    )
    found = find(request, fragments, Article, address_fields=ARTICLE_ADDRESS, slug=slug)
    if found is None:
        return _old_address_or_404(request)
    if request.path != found.url:
        # The right story at a wrong date: send readers and search engines to the one address.
        return redirect(found.url, permanent=not found.preview)
    if live_views.story_kind(fragments, found.pk) == Article.ArticleType.LIVE:
        return live_views.live_story(request, found, fragments=fragments)
    story = SimpleLazyObject(lambda: selectors.article_for_page(found.pk))
    response = render(
        request,
        "articles/article_detail.html",
        {"article": story, "preview": found.preview, "fragments": fragments},
    )
    # The frames this story's embeds load and the scripts its graphics run, and no others:
    # read from the story just rendered, or (warm page, cache lost) from its body alone.
    policy = fragments.remember(
        "policy",
        lambda: selectors.article_policy(
            story.body_blocks if story._wrapped is not empty else selectors.body_blocks(found.pk)
        ),
    )
    if any(policy.values()):
        response._csp_update = policy
    return mark_preview(response) if found.preview else response


def _old_address_or_404(request):
    """An address a published story had before its slug or date changed answers 301."""
    old = OldArticleURL.objects.filter(path=request.path).values_list("article", flat=True)[:1]
    article = Article.objects.published().filter(pk__in=old).only(*ARTICLE_ADDRESS).first()
    if article is None:
        raise Http404("No published story has this address.")
    return HttpResponsePermanentRedirect(article.get_absolute_url())


def _listing(kind, parts, number):
    keys.lists()  # a story appearing or disappearing changes this page
    return Fragments(kind, parts, blocks=("head", "list"), values=("lookup", "count"), page=number)


@require_safe
def section_detail(request, slug, parent=None):
    number = page_number(request)
    fragments = _listing("section", (parent or "", slug), number)
    found = fragments.remember("lookup", lambda: selectors.section_family(slug, parent))
    if found is None:
        raise Http404("No section has this address.")
    section_pk, family = found
    section = lazy(Section, section_pk, "parent")
    page = cached_page(fragments, lambda: selectors.section_articles(family), number)
    return render(
        request,
        "articles/section_detail.html",
        {"section": section, "page": page, "fragments": fragments},
    )


@require_safe
def person_detail(request, slug):
    number = page_number(request)
    fragments = _listing("person", (slug,), number)
    person_pk = fragments.remember("lookup", lambda: selectors.person_id(slug))
    if person_pk is None:
        raise Http404("No one has this address.")
    keys.add(keys.listing_of(Person, person_pk))  # a new byline of theirs changes this page
    page = cached_page(fragments, lambda: selectors.person_articles(person_pk), number)
    return render(
        request,
        "articles/person_detail.html",
        {"person": lazy(Person, person_pk, "headshot"), "page": page, "fragments": fragments},
    )


@require_safe
def tag_detail(request, slug):
    number = page_number(request)
    fragments = _listing("tag", (slug,), number)
    tag_pk = fragments.remember("lookup", lambda: selectors.tag_id_with_published_items(slug))
    if tag_pk is None:
        raise Http404("No published story carries this tag.")
    keys.add(keys.listing_of(Tag, tag_pk))  # a story newly tagged changes this page
    page = cached_page(fragments, lambda: selectors.tag_articles(tag_pk), number)
    return render(
        request,
        "articles/tag_detail.html",
        {
            "tag": lazy(Tag, tag_pk),
            "page": page,
            "extras": SimpleLazyObject(lambda: selectors.tag_galleries_and_timelines(tag_pk)),
            "fragments": fragments,
        },
    )


@require_safe
def timeline_detail(request, slug):
    fragments = Fragments("timeline", (slug,), blocks=("head", "main"), values=("lookup",))
    found = find(request, fragments, Timeline, slug=slug)
    if found is None:
        raise Http404("No published timeline has this address.")
    response = render(
        request,
        "articles/timeline_detail.html",
        {
            "timeline": SimpleLazyObject(lambda: selectors.timeline_for_page(found.pk)),
            "preview": found.preview,
            "fragments": fragments,
        },
    )
    return mark_preview(response) if found.preview else response


@require_safe
def search(request):
    terms = search_stories.clean_query(request.GET.get("q"))
    context = {"terms": terms, "page": None}
    if terms:
        keys.lists()
        number = page_number(request)
        results = search_stories.search_articles(terms)
        matched, approximate = results.count()
        # Pages run through the ranked candidates (the newest matches), not every match.
        paginator = ListingPaginator(min(matched, search_stories.CANDIDATES), False, PER_PAGE)
        if number < 1 or number > paginator.num_pages:
            raise Http404("There is no such page of results.")
        context.update(
            page=ListingPage(results, paginator, number),
            matched=search_stories.rounded(matched) if approximate else matched,
            approximate=approximate,
            ranked=search_stories.CANDIDATES if matched > search_stories.CANDIDATES else None,
        )
    response = render(request, "articles/search.html", context)
    response["X-Robots-Tag"] = "noindex, follow"
    return response


@require_safe
def corrections(request):
    number = page_number(request)
    fragments = _listing("corrections", (), number)
    page = cached_page(fragments, selectors.corrections_log, number)
    return render(request, "articles/corrections.html", {"page": page, "fragments": fragments})


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "",
        f"Sitemap: {absolute(reverse('sitemap_index'))}",
        f"Sitemap: {absolute(reverse('news_sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
