"""The desk's article list at archive size: the author filter and the search box, each
answered through an index with no DISTINCT over joins (see publishing.admin.listing)."""

from django.contrib import admin
from django.db.models import Exists, OuterRef

from .models import Article, Credit, Person
from .search import VECTOR as SEARCH_VECTOR


class AuthorFilter(admin.SimpleListFilter):
    """People credited on at least one article, not every profile in the newsroom; each
    asked per person and per article (index probes), never a DISTINCT over every credit."""

    title = "author"
    parameter_name = "author"

    def lookups(self, request, model_admin):
        credited = Credit.objects.filter(person=OuterRef("pk"))
        return list(
            Person.objects.filter(Exists(credited)).order_by("name").values_list("pk", "name")
        )

    def queryset(self, request, queryset):
        if not self.value() or not self.value().isdigit():
            return queryset
        credited = Credit.objects.filter(article=OuterRef("pk"), person=int(self.value()))
        return queryset.filter(Exists(credited))


def article_search(queryset, query, terms):
    """Headline, kicker, deck, body and elements by the full-text index; bylines by the
    people whose names hold what was typed. Ids, so no DISTINCT."""
    by_text = (
        Article.objects.alias(document=SEARCH_VECTOR).filter(document=query).order_by()
    ).values("pk")
    # The people table is small: read who is named first, and join bylines only then.
    named = list(
        Person.objects.filter(name__icontains=terms.strip()).values_list("pk", flat=True)[:50]
    )
    if not named:
        return queryset.filter(pk__in=by_text)
    by_byline = Credit.objects.filter(person__in=named).order_by().values("article")
    return queryset.filter(pk__in=by_text.union(by_byline))
