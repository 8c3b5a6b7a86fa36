"""Old WordPress addresses answer 301 at the story's new one: the post's permalink (any
permalink structure: `/2012/12/26/slug/`, `/slug/`, `/archives/123`) where the site would
otherwise answer 404, and `/?p=123` (or `?page_id=123`, or `/index.php?p=123`). Only a story
readers may see is redirected to; anything else stays a 404 (nothing unpublished leaks)."""

import re

from django.http import HttpResponsePermanentRedirect

from articles.models import Article

from .models import ImportedItem

_ID = re.compile(r"^\d{1,12}$")
# Where WordPress's plain links point: `/?p=123`, `/index.php?p=123`.
ROOTS = ("/", "/index.php")


class OldWordPressAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and request.path in ROOTS:
            post_id = request.GET.get("p") or request.GET.get("page_id") or ""
            if _ID.match(post_id):
                found = self.redirect(ImportedItem.objects.filter(
                    kind__in=("post", "page"), key=post_id))  # fmt: skip
                if found is not None:
                    return found
        response = self.get_response(request)
        if response.status_code == 404 and request.method in ("GET", "HEAD"):
            path = request.path
            paths = {path, path.rstrip("/") or "/", path if path.endswith("/") else path + "/"}
            found = self.redirect(ImportedItem.objects.filter(old_path__in=paths))
            if found is not None:
                return found
        return response

    @staticmethod
    def redirect(rows):
        article = (
            Article.objects.published()
            .filter(pk__in=rows.exclude(article=None).values("article"))
            .only("slug", "published_at", "created_at")
            .first()
        )
        return HttpResponsePermanentRedirect(article.get_absolute_url()) if article else None
