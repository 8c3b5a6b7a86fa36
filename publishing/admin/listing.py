"""The desk's lists at any archive size: no exact count of the whole table on a page load,
a count that is exact up to `COUNT_CAP` and estimated above it, and search through an index
(the full-text index where the model has one) with no DISTINCT over joins."""

import re

from django.contrib import admin
from django.contrib.postgres.search import SearchQuery
from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

from ..counting import bounded_count

# A typed word this long or longer also matches words it begins ("syr" finds "Syrian").
PREFIX_MIN_CHARS = 3


class EstimatingPaginator(Paginator):
    """Counts exactly up to `COUNT_CAP` rows, then says what the planner estimates."""

    approximate = False

    @cached_property
    def count(self):
        number, self.approximate = bounded_count(self.object_list)
        return number


def desk_query(terms):
    """What the desk typed as a full-text query: every word, the longer ones as prefixes."""
    words = re.findall(r"\w+", terms)
    if not words:
        return None
    parts = [f"{word}:*" if len(word) >= PREFIX_MIN_CHARS else word for word in words]
    return SearchQuery(" & ".join(parts), search_type="raw", config="english")


class ArchiveListAdmin(admin.ModelAdmin):
    """An admin whose list stays fast on a large table.

    `full_text_search(queryset, query)`, when a model admin defines it, answers the search box
    from the full-text index in place of `search_fields`' ILIKE over every row.
    """

    paginator = EstimatingPaginator
    # Counting every row on each page load costs more than it tells the desk.
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        search = getattr(self, "full_text_search", None)
        if search is None or connections[queryset.db].vendor != "postgresql":
            return super().get_search_results(request, queryset, search_term)
        if not search_term.strip():
            return queryset, False
        query = desk_query(search_term)
        if query is None:
            return queryset.none(), False
        # No duplicates by construction (the search filters by id), so no DISTINCT.
        return search(queryset, query, search_term), False
