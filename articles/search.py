"""Search for readers: published stories matching what was typed, best first, with the
matches marked in their headlines and snippets (escaped text; marks that cannot be forged).

PostgreSQL: the generated `search_vector` column (headline A, kicker and deck B, the body's
words C, its elements' words D; migrations 0004 and 0006). Elsewhere: `icontains`.
"""

import html
import re

from django.conf import settings
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db.models import F, Func, Q, TextField, Value
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


# ts_headline marks matches with these; in its input they are swapped for private-use
# stand-ins (swapped back once split), so every marker in its answer is its own and a story
# that types them (or their character references) cannot forge a <mark>.
_START, _STOP = "\u27e6", "\u27e7"
_STAND_INS = "\ue000\ue001"
_MARKERS = re.compile(f"([{_START}{_STOP}])")
_TYPED = str.maketrans(_STAND_INS, _START + _STOP)


def _without_markers(expression):
    swap = (Value(_START + _STOP), Value(_STAND_INS))
    return Func(expression, *swap, function="translate", output_field=TextField())


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
        "translate(coalesce(\"articles_article\".\"deck\", '') || ' … ' || "
        'left("articles_article"."body_text", %s), %s, %s)',
        [SNIPPET_SOURCE_CHARS, _START + _STOP, _STAND_INS],
    )
    marks = {"config": "english", "start_sel": _START, "stop_sel": _STOP}
    return (
        published.alias(document=vector)
        .filter(document=query)
        .annotate(
            rank=SearchRank(vector, query),
            raw_headline=SearchHeadline(
                _without_markers(F("headline")), query, highlight_all=True, **marks
            ),
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
    """ts_headline output as safe HTML: matches in <mark>, the text between them escaped."""
    parts, inside = [], False
    for piece in _MARKERS.split(raw):
        if piece in (_START, _STOP):
            if (piece == _START) != inside:
                parts.append("</mark>" if inside else "<mark>")
                inside = not inside
            continue
        parts.append(escape(html.unescape(piece).translate(_TYPED)))
    if inside:
        parts.append("</mark>")
    return mark_safe("".join(parts))


def headline_html(article):
    """The headline with the search terms marked (plain headline outside search)."""
    raw = getattr(article, "raw_headline", None)
    return escape(article.headline) if raw is None else _marked(raw)


def snippet_html(article):
    """The article's search snippet as safe HTML: escaped text with <mark>ed matches."""
    raw = getattr(article, "raw_snippet", None)
    return escape(article.deck) if raw is None else _marked(raw)
