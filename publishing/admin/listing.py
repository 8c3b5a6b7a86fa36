"""The desk's lists at any archive size: no exact count of the whole table on a page load,
a count that is exact up to `COUNT_CAP` and estimated above it, a date hierarchy found by
index probes, and search through an index (the full-text index where the model has one) with
no DISTINCT."""

import datetime
import re

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.contrib.postgres.search import SearchQuery
from django.core.paginator import Paginator
from django.db import connections
from django.utils import timezone
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


class DateSteps:
    """For a changelist's queryset: the date hierarchy's years, months or days found by one
    index probe each (the first row on or after the next boundary), not a DISTINCT over every
    row. At most MAX_DATE_STEPS probes."""

    def datetimes(self, field_name, kind, order="ASC", tzinfo=None):
        if kind not in ("year", "month", "day"):
            return super().datetimes(field_name, kind, order, tzinfo)
        rows = self.filter(**{f"{field_name}__isnull": False}).order_by(field_name)
        found, start = [], None
        for _ in range(MAX_DATE_STEPS):
            after = rows if start is None else rows.filter(**{f"{field_name}__gte": start})
            moment = after.values_list(field_name, flat=True).first()
            if moment is None:
                break
            local = timezone.localtime(moment)
            value = local.replace(
                month=local.month if kind != "year" else 1,
                day=local.day if kind == "day" else 1,
                hour=0,
                minute=0,
                second=0,
                microsecond=0,
            )
            found.append(value)
            try:
                start = _next(value, kind)
            except (ValueError, OverflowError):
                break  # the last year Python can write (a stored time read as the nearest)
        return found if order == "ASC" else found[::-1]


MAX_DATE_STEPS = 100


def _next(value, kind):
    """The start of the next year, month or day after `value`, in the newsroom's time zone."""
    naive = timezone.make_naive(value)
    if kind == "year":
        naive = naive.replace(year=naive.year + 1)
    elif kind == "month":
        naive = naive.replace(year=naive.year + naive.month // 12, month=naive.month % 12 + 1)
    else:
        naive = naive + datetime.timedelta(days=1)
    return timezone.make_aware(naive)


_STEPPED = {}


def with_date_steps(queryset):
    """`queryset`, whose `datetimes()` steps through the index (`DateSteps`)."""
    base = type(queryset)
    if base not in _STEPPED:
        _STEPPED[base] = type(f"DateStepped{base.__name__}", (DateSteps, base), {})
    stepped = queryset._chain()
    stepped.__class__ = _STEPPED[base]
    return stepped


class ArchiveChangeList(ChangeList):
    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        # A search's matches are few next to the table: Django's DISTINCT over them is cheap,
        # while a probe through the date index would walk past every story that did not match.
        return queryset if self.query else with_date_steps(queryset)


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

    def get_changelist(self, request, **kwargs):
        return ArchiveChangeList

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
