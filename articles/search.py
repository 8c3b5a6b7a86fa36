"""Search for readers: published stories matching what was typed, best first, with the
matches marked in their headlines and snippets (escaped text; marks that cannot be forged).

PostgreSQL: the generated `search_vector` column (headline A, kicker and deck B, the body's
words C, its elements' words D; migrations 0004 and 0006). Elsewhere: `icontains`.
"""

import datetime
import html
import re

from django.conf import settings
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db.models import (
    DurationField,
    Expression,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    Q,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Coalesce, Concat, Left
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from publishing.counting import bounded_count

from .models import Article
from .selectors import CARD_RENDITIONS

# Search terms longer than this are cut: nobody types more, and it bounds the work.
MAX_QUERY_LENGTH = 200
# How much of a story's body a search snippet is taken from.
SNIPPET_SOURCE_CHARS = 4000
# Only the newest this many matches are ranked (a page of results never ranks every match).
CANDIDATES = 300
# Matches are looked for first among this many newest stories (see `candidates`).
RECENT_STORIES = 10_000
EPOCH = datetime.datetime(1, 1, 1, tzinfo=datetime.UTC)
# A search's count is exact up to here and estimated by the planner above it.
COUNT_CAP = 1000
# A story this many days old scores half what the same words score today.
RECENCY_HALF_DAYS = 365.0


class SearchVectorColumn(Expression):
    """The stories' generated `search_vector` column (PostgreSQL only, so not a model field),
    named by the alias its query gives the table: right inside a subquery too."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        alias = compiler.query.get_initial_alias()
        return f'{compiler.quote_name_unless_alias(alias)}."search_vector"', []


VECTOR = SearchVectorColumn()


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


# The deck and the start of the body's words, where the snippet comes from: ts_headline
# parses all it is given, and a snippet rarely needs more.
SNIPPET_SOURCE = _without_markers(
    Concat(
        Coalesce(F("deck"), Value(""), output_field=TextField()),
        Value(" … "),
        Left(F("body_text"), SNIPPET_SOURCE_CHARS),
        output_field=TextField(),
    )
)


class AgeInDays(Func):
    """How long before `now` a story was published, in days."""

    template = "EXTRACT(EPOCH FROM (%(expressions)s)) / 86400.0"
    output_field = FloatField()

    def __init__(self, now):
        super().__init__(
            ExpressionWrapper(Value(now) - F("published_at"), output_field=DurationField())
        )


def search_articles(terms, now=None):
    """The published stories matching `terms` (a `SearchResults`)."""
    return SearchResults(terms, now)


class SearchResults:
    """Published stories matching the terms, best first, each with a highlighted `snippet`.

    PostgreSQL: the generated `search_vector` column (headline above kicker and deck above the
    body above the elements' words: captions, quotes, factboxes). Only the newest `CANDIDATES`
    matches are ranked (see `candidates`), with a recency prior: a common word costs what a
    rare one does, however large the archive. The count is exact up to `COUNT_CAP`,
    estimated above.
    Elsewhere: a plain `icontains` on headline, deck, body and elements, newest first.
    """

    def __init__(self, terms, now=None):
        self.now = now or timezone.now()
        published = Article.objects.published(self.now)
        self.postgres = settings.DATABASE_VENDOR == "postgresql"
        if not self.postgres:
            self.matches = published.filter(
                Q(headline__icontains=terms)
                | Q(deck__icontains=terms)
                | Q(body_text__icontains=terms)
                | Q(elements_text__icontains=terms)
            )
            return
        self.query = SearchQuery(terms, search_type="websearch", config="english")
        self.matches = published.alias(document=VECTOR).filter(document=self.query)

    def count(self):
        """(how many stories match, whether that is an estimate)."""
        return bounded_count(self.matches.values("pk"), COUNT_CAP)

    def candidates(self):
        """The newest CANDIDATES matches. First among the newest RECENT_STORIES stories (the
        full-text index and the published-time index together: a common word costs the same
        in any archive); the older matches are read only when those are too few (a rare
        word, whose matches are few anyway)."""
        newest = Article.objects.published(self.now).order_by("-published_at", "-pk")
        cutoff = Subquery(newest.values("published_at")[RECENT_STORIES - 1 : RECENT_STORIES])
        matches = self.matches.order_by("-published_at", "-pk").values("pk")
        recent = matches.filter(published_at__gte=Coalesce(cutoff, Value(EPOCH)))
        older = matches.exclude(published_at__gte=Coalesce(cutoff, Value(EPOCH)))
        return recent[:CANDIDATES].union(older[:CANDIDATES], all=True)[:CANDIDATES]

    def items(self, offset, limit, total=None):
        """Results offset..offset+limit of the ranked candidates, with their marked headlines
        and snippets (made for these rows only), in one query and its prefetches."""
        if not self.postgres:
            page = self.matches.order_by("-published_at", "-pk")[offset : offset + limit]
            return list(page.for_listing(CARD_RENDITIONS))
        order = ("-score", "-published_at", "-pk")
        ranked = (
            Article.objects.filter(pk__in=self.candidates())
            .annotate(score=self.score())
            .order_by(*order)
            .values("pk")[offset : offset + limit]
        )
        marks = {"config": "english", "start_sel": _START, "stop_sel": _STOP}
        return list(
            Article.objects.filter(pk__in=ranked)
            .annotate(
                score=self.score(),
                raw_headline=SearchHeadline(
                    _without_markers(F("headline")), self.query, highlight_all=True, **marks
                ),
                raw_snippet=SearchHeadline(
                    SNIPPET_SOURCE,
                    self.query,
                    max_words=35,
                    min_words=15,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                    **marks,
                ),
            )
            .order_by(*order)
            .for_listing(CARD_RENDITIONS)
        )

    def score(self):
        """Text rank (headline above deck above body) times a recency prior: a story a year
        old counts half as much as today's."""
        prior = 1.0 + AgeInDays(self.now) / RECENCY_HALF_DAYS
        return SearchRank(VECTOR, self.query) / prior


def rounded(estimate):
    """An estimated count as a reader would say it: 13,042 is "about 13,000"."""
    digits = len(str(estimate)) - 2
    return round(estimate, -digits) if digits > 0 else estimate


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
