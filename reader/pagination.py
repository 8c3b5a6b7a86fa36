"""Listing pages (a section's, a person's, a tag's stories; the corrections log): 20 a page,
the count kept with the page's fragments, the list itself read only if its fragment renders."""

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.utils.functional import SimpleLazyObject

PER_PAGE = 20


def page_number(request):
    """The `?page=` number; anything that is not a number is a 404."""
    try:
        return int(request.GET.get("page", "1"))
    except ValueError as error:
        raise Http404("There is no such page.") from error


class LazyList:
    """A listing's rows, whose queryset is built (and run) only if the page's list fragment is
    rendered: a warm listing page does not even build it."""

    def __init__(self, build):
        self.build = build

    def count(self):
        return self.build().count()

    def __getitem__(self, index):
        return SimpleLazyObject(lambda: self.build()[index])


def cached_page(fragments, build, number, per_page=PER_PAGE):
    """Page `number` of what `build()` returns; a bad or out-of-range number is a 404. The
    count is kept with the page's fragments ("count"), so a warm listing neither counts nor
    renders (nor queries) its rows."""
    rows = LazyList(build)
    paginator = Paginator(rows, per_page)
    paginator.count = fragments.remember("count", rows.count)
    try:
        return paginator.page(number)
    except InvalidPage as error:
        raise Http404("There is no such page.") from error
