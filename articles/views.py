"""Reader pages. Placeholders until the reader-site issue: every one answers 404."""

from django.http import Http404


def _not_yet(*args, **kwargs):
    raise Http404("Reader pages are not built yet.")


front_page = article_detail = person_detail = tag_detail = timeline_detail = section_detail = (
    _not_yet
)
