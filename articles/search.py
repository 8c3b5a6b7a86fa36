"""Search for readers: published stories matching what was typed, best first, with the
matches marked in their headlines and snippets (escaped text; marks that cannot be forged).

PostgreSQL: the generated `search_vector` column (headline A, kicker and deck B, the body's
words C, its elements' words D; migrations 0004 and 0006). Elsewhere: `icontains`.
"""

import html

from django.conf import settings
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .models import Article
from .selectors import CARD_RENDITIONS

# Search terms longer than this are cut: nobody types more, and it bounds the work.
MAX_QUERY_LENGTH = 200
# How much of a story's body a search snippet is taken from.
SNIPPET_SOURCE_CHARS = 4000


def clean_query(raw):
    """The search terms as typed, minus what no search needs (null bytes, endless input)."""
    text = (raw or "").replace("\x00", " ")
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


# ts_headline marks matches with these; the rest of the snippet is escaped, then they become
# <mark>. Characters no story text uses, so a story cannot inject markup through them.
_START, _STOP = "\u27e6", "\u27e7"


def search_articles(terms, now=None):
    """Published stories matching `terms`, best first, each with a highlighted `snippet`.

    PostgreSQL: the generated `search_vector` column (migration 0004), ranked with headline
    above deck above body above the elements' words (captions, quotes, factboxes). Elsewhere:
    a plain `icontains` on headline, deck, body and elements.
    """
    published = Article.objects.published(now)
    if settings.DATABASE_VENDOR != "postgresql":
        return (
            published.filter(
                Q(headline__icontains=terms)
                | Q(deck__icontains=terms)
                | Q(body_text__icontains=terms)
                | Q(elements_text__icontains=terms)
            )
            .order_by("-published_at")
            .for_listing(CARD_RENDITIONS)
        )
    query = SearchQuery(terms, search_type="websearch", config="english")
    vector = RawSQL('"articles_article"."search_vector"', [], output_field=SearchVectorField())
    # The deck and the start of the body's words, where the snippet comes from: ts_headline
    # parses all it is given, and a snippet rarely needs more.
    text = RawSQL(
        "coalesce(\"articles_article\".\"deck\", '') || ' … ' || "
        'left("articles_article"."body_text", %s)',
        [SNIPPET_SOURCE_CHARS],
    )
    marks = {"config": "english", "start_sel": _START, "stop_sel": _STOP}
    return (
        published.alias(document=vector)
        .filter(document=query)
        .annotate(
            rank=SearchRank(vector, query),
            raw_headline=SearchHeadline("headline", query, highlight_all=True, **marks),
            raw_snippet=SearchHeadline(
                text,
                query,
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
                **marks,
            ),
        )
        .order_by("-rank", "-published_at")
        .for_listing(CARD_RENDITIONS)
    )


def _marked(raw):
    """ts_headline output as safe HTML: the text escaped, its matches in <mark>."""
    text = escape(html.unescape(raw))
    return mark_safe(text.replace(_START, "<mark>").replace(_STOP, "</mark>"))


def headline_html(article):
    """The headline with the search terms marked (plain headline outside search)."""
    raw = getattr(article, "raw_headline", None)
    return escape(article.headline) if raw is None else _marked(raw)


def snippet_html(article):
    """The article's search snippet as safe HTML: escaped text with <mark>ed matches."""
    raw = getattr(article, "raw_snippet", None)
    return escape(article.deck) if raw is None else _marked(raw)
