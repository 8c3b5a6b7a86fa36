"""The front page: the current arrangement of the desk, or the automatic one."""

from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_safe

from articles.selectors import section_tree
from reader import keys
from reader.fragments import Fragments

from . import selectors


@require_safe
def front_page(request):
    keys.lists()  # empty slots fill with the newest stories
    # The masthead and the front page's rails show the same top sections: read them once.
    sections = SimpleLazyObject(section_tree)
    return render(
        request,
        "fronts/front_page.html",
        {
            "site_sections": sections,
            "front": SimpleLazyObject(lambda: selectors.front_page(tops=list(sections))),
            "front_page": True,
            "fragments": Fragments("front", blocks=("main",), front_page=True),
        },
    )
