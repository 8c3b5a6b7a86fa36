"""What every page's site chrome (templates/base.html) shows from this app."""

from django.utils.functional import SimpleLazyObject

from . import selectors


def site_sections(request):
    """The top sections for the masthead, read only if the masthead's fragment renders. A view
    that shows them too (the front page) passes the same value itself, so they are read once."""
    return {"site_sections": SimpleLazyObject(selectors.section_tree)}
