"""Reader pages for galleries. Placeholder until the reader-site issue: answers 404."""

from django.http import Http404


def gallery_detail(request, slug):
    raise Http404("Gallery pages are not built yet.")
