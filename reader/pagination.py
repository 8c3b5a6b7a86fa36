"""Listing pages (a section's, a person's, a tag's stories; the corrections log): 20 a page,
the count kept with the page's fragments, the list itself read only if its fragment renders.

A page costs the same in an archive of any size: its rows are found by walking an index in
the listing's order (`Listing.keys`) and stopping after them, then read with what the page
prints (`Listing.rows`); a page nearer the end is walked from the end. Counts are exact up to
`publishing.counting.COUNT_CAP` and estimated by the query planner above it ("Page 3 of about 1,250").
"""

import math

from django.db.models import F
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.utils.functional import cached_property

from publishing.counting import bounded_count

PER_PAGE = 20


def page_number(request):
    """The `?page=` number; anything that is not a number is a 404."""
    try:
        return int(request.GET.get("page", "1"))
    except ValueError as error:
        raise Http404("There is no such page.") from error


# The column a listing's `keys` name the primary key by.
KEY = "listing_key"


def listing_keys(queryset, *also):
    """`queryset`'s rows as listing keys: the primary key (as KEY) and the columns its order
    needs (a UNION can order only by what it selects)."""
    return queryset.values(*also, **{KEY: F("pk")})


class Listing:
    """A list read a page at a time. `keys` (from `listing_keys`) is ordered by `order` and
    answered by an index in that order; `rows` is the queryset that prints them."""

    def __init__(self, keys, rows, order=("-published_at", "-pk")):
        self.keys = keys
        self.rows = rows
        self.order = order

    def count(self):
        return bounded_count(self.keys)

    def page_keys(self, offset, limit, total=None):
        """The keys of rows offset..offset+limit, walked from the end when `total` (exact)
        says the end is nearer."""
        if total is not None and offset > total - offset - limit:
            start, stop = max(total - offset - limit, 0), max(total - offset, 0)
            return self.keys.reverse()[start:stop] if stop > start else None
        return self.keys[offset : offset + limit]

    def items(self, offset, limit, total=None, rows=None):
        """Rows offset..offset+limit in the listing's order, read with `rows` (default
        `self.rows`) in one query (and its prefetches): the page's keys are its subquery."""
        keys = self.page_keys(offset, limit, total) if limit > 0 else None
        if keys is None:
            return []
        sql, params = keys.query.sql_with_params()
        chosen = RawSQL(f'SELECT "{KEY}" FROM ({sql}) AS page_keys', params)
        rows = rows if rows is not None else self.rows
        return list(rows.filter(pk__in=chosen).order_by(*self.order))


class ListingPaginator:
    """What the pagination templates read: count, num_pages, and whether they are estimated."""

    def __init__(self, count, approximate, per_page=PER_PAGE):
        self.count = count
        self.approximate = approximate
        self.per_page = per_page

    @property
    def num_pages(self):
        return max(1, math.ceil(self.count / self.per_page))


class ListingPage:
    """Page `number` of a listing, its rows read on first use (a warm page never reads them)."""

    def __init__(self, listing, paginator, number):
        self.listing = listing
        self.paginator = paginator
        self.number = number

    @property
    def offset(self):
        return (self.number - 1) * self.paginator.per_page

    @cached_property
    def _rows(self):
        # One row more than a page says whether an older page exists when the count is only
        # estimated.
        exact = None if self.paginator.approximate else self.paginator.count
        limit = self.paginator.per_page + (1 if exact is None else 0)
        return self.listing.items(self.offset, limit, exact)

    @property
    def object_list(self):
        return self._rows[: self.paginator.per_page]

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_next(self):
        if self.paginator.approximate:
            return len(self._rows) > self.paginator.per_page
        return self.number < self.paginator.num_pages

    def has_previous(self):
        return self.number > 1

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1


def cached_page(fragments, build, number, per_page=PER_PAGE):
    """Page `number` of the `Listing` that `build()` returns; a bad or out-of-range number is a
    404. The (bounded) count is kept with the page's fragments ("count"), so a warm listing
    neither counts nor reads its rows."""
    listing = None

    def built():
        nonlocal listing
        if listing is None:
            listing = build()
        return listing

    count, approximate = fragments.remember("count", lambda: built().count())
    paginator = ListingPaginator(count, approximate, per_page)
    if number < 1 or (not approximate and number > paginator.num_pages):
        raise Http404("There is no such page.")
    page = ListingPage(_LazyListing(built), paginator, number)
    if approximate and number > paginator.num_pages and not page.object_list:
        # Past an estimated end: a page exists only if it has rows.
        raise Http404("There is no such page.")
    return page


class _LazyListing:
    """The listing, built only when a page's rows are read."""

    def __init__(self, build):
        self.build = build

    def items(self, *args, **kwargs):
        return self.build().items(*args, **kwargs)
