"""What the body editor asks the server while a story is written (static/articles/
story-elements.js): find a photo, a gallery or a story to place, describe what a body names,
recognise an embed's address, and take in a photo through the photo desk's ingest.

Every answer is JSON, and every request is checked here, on the server: the person must be
able to see articles, and to see (or, for uploads, add) what they ask about.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import JsonResponse

from media_gallery.models import Gallery, Photo
from media_gallery.services import ingest_photo
from media_gallery.templatetags.pictures import rendition

from .body import elements
from .body.embeds import recognise
from .models import Article

RESULTS = 24


def _thumb(photo):
    if photo is None or not photo.image:
        return ""
    small = rendition(photo, "thumb") or rendition(photo, "w320")
    return small.url if small else photo.image.url


def photo_json(photo):
    return {
        "id": photo.pk,
        "label": str(photo),
        "caption": photo.caption,
        "credit": photo.credit_line,
        "alt": photo.alt_text,
        "thumb": _thumb(photo),
        "width": photo.width,
        "height": photo.height,
    }


def gallery_json(gallery):
    return {
        "id": gallery.pk,
        "label": gallery.headline,
        "status": gallery.get_status_display(),
        "thumb": _thumb(gallery.cover_photo),
    }


def article_json(article):
    return {"id": article.pk, "label": article.headline, "status": article.get_status_display()}


def _may_see(user, model):
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.view_{opts.model_name}") or user.has_perm(
        f"{opts.app_label}.change_{opts.model_name}"
    )


def _search(user, kind, terms):
    words = terms.split()
    if kind == "photos":
        if not _may_see(user, Photo):
            raise PermissionDenied("You may not see the photo library.")
        found = Photo.objects.prefetch_related("renditions").select_related("photographer")
        for word in words:
            found = found.filter(
                Q(caption__icontains=word)
                | Q(headline__icontains=word)
                | Q(credit__icontains=word)
                | Q(keywords__icontains=word)
                | Q(photographer_name__icontains=word)
                | Q(photographer__name__icontains=word)
                | Q(original_filename__icontains=word)
            )
        return [photo_json(p) for p in found.order_by("-created_at", "-id")[:RESULTS]]
    if kind == "galleries":
        if not _may_see(user, Gallery):
            raise PermissionDenied("You may not see galleries.")
        found = Gallery.objects.select_related("cover_photo").prefetch_related(
            "cover_photo__renditions"
        )
        for word in words:
            found = found.filter(Q(headline__icontains=word) | Q(deck__icontains=word))
        return [gallery_json(g) for g in found.order_by("-created_at", "-id")[:RESULTS]]
    if kind == "articles":
        found = Article.objects.only("pk", "headline", "status")
        for word in words:
            found = found.filter(headline__icontains=word)
        return [article_json(a) for a in found.order_by("-created_at", "-id")[:RESULTS]]
    raise ValidationError(f"Nothing to search called “{kind}”.")


def _describe(user, wanted):
    """{"photo:12": {...}, "gallery:3": {...}, "article:5": {...}} for what a body names."""
    ids = {"photo": set(), "gallery": set(), "article": set()}
    for item in wanted.split(","):
        kind, _, number = item.partition(":")
        if kind in ids and number.isdigit():
            ids[kind].add(int(number))
    answer = {}
    if ids["photo"] and _may_see(user, Photo):
        for photo in Photo.objects.filter(pk__in=ids["photo"]).prefetch_related("renditions"):
            answer[f"photo:{photo.pk}"] = photo_json(photo)
    if ids["gallery"] and _may_see(user, Gallery):
        galleries = Gallery.objects.filter(pk__in=ids["gallery"]).select_related("cover_photo")
        for gallery in galleries.prefetch_related("cover_photo__renditions"):
            answer[f"gallery:{gallery.pk}"] = gallery_json(gallery)
    if ids["article"]:
        for article in Article.objects.filter(pk__in=ids["article"]).only("headline", "status"):
            answer[f"article:{article.pk}"] = article_json(article)
    return answer


def _embed(url):
    problems = elements.Embed(url=url).problems()
    if problems:
        return {"ok": False, "message": problems[0]}
    found = recognise(url)
    return {"ok": True, "provider": found.provider, "kind": found.kind, "card": not found.player}


def elements_view(model_admin, request):
    """GET ?search=photos|galleries|articles&q=…, ?describe=photo:1,gallery:2, ?embed=<url>;
    POST a file: a new photo through the photo desk's ingest."""
    if not model_admin.has_view_or_change_permission(request):
        raise PermissionDenied
    user = request.user
    try:
        if request.method == "POST":
            if not user.has_perm("media_gallery.add_photo"):
                raise PermissionDenied("You may not add photos: ask the photo desk.")
            upload = request.FILES.get("file")
            if upload is None:
                raise ValidationError("No file arrived. Choose the file again.")
            photo = ingest_photo(upload, user=user, renditions="now")
            return JsonResponse({"photo": photo_json(photo)}, status=201)
        if "search" in request.GET:
            query = request.GET.get("q", "")[:200]
            return JsonResponse({"results": _search(user, request.GET["search"], query)})
        if "describe" in request.GET:
            return JsonResponse({"items": _describe(user, request.GET["describe"][:2000])})
        if "embed" in request.GET:
            return JsonResponse(_embed(request.GET["embed"]))
    except PermissionDenied as refusal:
        return JsonResponse({"error": str(refusal) or "Not allowed."}, status=403)
    except ValidationError as refusal:
        return JsonResponse({"error": " ".join(refusal.messages)}, status=400)
    return JsonResponse({"error": "Ask for search, describe or embed."}, status=400)
