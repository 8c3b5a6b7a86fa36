"""A body as readers see it: on the page (semantic HTML from templates/articles/elements/) and
in feeds (plain HTML with absolute addresses). What the elements name is read in a fixed
number of queries whatever their number (`load`), and only what readers may see renders:
an unpublished gallery or story simply is not there.
"""

from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, Window
from django.db.models.functions import RowNumber
from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from media_gallery.models import Gallery, GalleryPhoto, Photo, Rendition
from media_gallery.templatetags.pictures import rendition
from reader.display import absolute

from . import read_body, references

# A gallery shown as a strip: its first few photos.
STRIP_PHOTOS = 6
# Renditions a body needs: every width (inline, wide, full), the crops, the strip's thumbnails.
BODY_RENDITIONS = ["w320", "w640", "w960", "w1280", "w1600", "w2048", "crop-16x9", "crop-4x3",
                   "crop-1x1"]  # fmt: skip
CARD_RENDITIONS = ["w320", "w640", "w960"]


@dataclass
class Loaded:
    """What a body's elements name, as readers may see it, by id."""

    photos: dict = field(default_factory=dict)
    galleries: dict = field(default_factory=dict)
    articles: dict = field(default_factory=dict)


def load(blocks, now=None):
    """Read what `blocks` name: photos with their renditions and photographer, published
    galleries with cover, count and first photos, published stories with their card."""
    from articles.models import Article

    wanted, loaded = references(blocks), Loaded()
    if wanted.photos:
        loaded.photos = Photo.objects.select_related("photographer").in_bulk(wanted.photos)
        _renditions(loaded.photos.values(), BODY_RENDITIONS)
    if wanted.galleries:
        galleries = (
            Gallery.objects.published(now)
            .filter(pk__in=wanted.galleries)
            .select_related("cover_photo")
            .annotate(photo_count=Count("items"))
        )
        loaded.galleries = {gallery.pk: gallery for gallery in galleries}
        strips = {b.gallery_id for b in blocks if b.kind == "gallery" and b.display == "strip"}
        strips &= set(loaded.galleries)
        firsts = list(
            GalleryPhoto.objects.filter(gallery__in=strips)
            .annotate(
                place=Window(RowNumber(), partition_by=F("gallery"), order_by=[F("order"), F("id")])
            )
            .filter(place__lte=STRIP_PHOTOS)
            .select_related("photo")
            .order_by("gallery", "order", "id")
            if strips
            else []
        )
        for gallery in loaded.galleries.values():
            gallery.first_items = [item for item in firsts if item.gallery_id == gallery.pk]
        photos = [g.cover_photo for g in loaded.galleries.values() if g.cover_photo_id]
        _renditions(photos + [item.photo for item in firsts], CARD_RENDITIONS)
    if wanted.articles:
        stories = Article.objects.published(now).filter(pk__in=wanted.articles)
        loaded.articles = {story.pk: story for story in stories.for_listing(CARD_RENDITIONS)}
    return loaded


def _renditions(photos, specs):
    """Fetch the renditions of all `photos` in one query, as each photo's prefetch."""
    photos = [photo for photo in photos if photo is not None]
    if photos:
        from django.db.models import prefetch_related_objects

        prefetch_related_objects(
            photos, Prefetch("renditions", queryset=Rendition.objects.filter(spec__in=specs))
        )


def _with_dateline(html, dateline):
    lead = format_html('<span class="dateline">{} —</span> ', dateline)
    return mark_safe(f"<p>{lead}{html[3:]}") if html.startswith("<p>") else None


def page_html(blocks, loaded, dateline=""):
    """The body for the story page, each element from its template; the dateline ("BEIRUT —")
    opens the first paragraph, as papers print it."""
    parts = []
    for number, block in enumerate(blocks, start=1):
        if block.kind == "text":
            html = block.html
            if dateline:
                dated = _with_dateline(html, dateline)
                if dated is not None:
                    html, dateline = dated, ""
            parts.append(html)
            continue
        context = {"element": block, "number": number}
        if block.kind == "photo":
            context["photo"] = loaded.photos.get(block.photo_id)
            if context["photo"] is None:
                continue
        elif block.kind == "gallery":
            context["gallery"] = loaded.galleries.get(block.gallery_id)
            if context["gallery"] is None:
                continue
        elif block.kind == "related":
            context["story"] = loaded.articles.get(block.article_id)
            if context["story"] is None:
                continue
        elif block.kind == "embed":
            context["embed"] = block.found
        parts.append(render_to_string(f"articles/elements/{block.kind}.html", context))
    if dateline:
        parts.insert(0, str(format_html('<p><span class="dateline">{} —</span></p>', dateline)))
    return mark_safe("".join(parts))


def feed_html(blocks, loaded, story_url, dateline=""):
    """The body for feed readers: photos as <img> with absolute addresses, alt text, caption
    and credit; embeds and graphics as links; no script, no iframe."""
    parts = []
    for block in blocks:
        kind = block.kind
        if kind == "text":
            dated = _with_dateline(block.html, dateline) if dateline else None
            if dated is not None:
                dateline = ""
            parts.append(dated or block.html)
        elif kind == "photo" and (photo := loaded.photos.get(block.photo_id)):
            parts.append(_feed_photo(photo, block))
        elif kind == "gallery" and (gallery := loaded.galleries.get(block.gallery_id)):
            parts.append(
                format_html(
                    '<p><a href="{}">Photo gallery: {}</a> ({} photos)</p>',
                    absolute(gallery.get_absolute_url()),
                    gallery.headline,
                    gallery.photo_count,
                )
            )
        elif kind == "embed":
            found = block.found
            parts.append(
                format_html(
                    '<p><a href="{}">{}: {}</a></p>',
                    found.url,
                    found.provider,
                    block.title or found.url,
                )
            )
        elif kind == "pullquote":
            parts.append(
                format_html(
                    "<blockquote><p>{}</p><p>— {}</p></blockquote>", block.quote, block.attribution
                )
                if block.attribution
                else format_html("<blockquote><p>{}</p></blockquote>", block.quote)
            )
        elif kind == "factbox":
            parts.append(format_html("<h3>{}</h3>{}", block.title, mark_safe(block.html)))
        elif kind == "table":
            parts.append(render_to_string("articles/elements/table.html", {"element": block}))
        elif kind == "related" and (story := loaded.articles.get(block.article_id)):
            parts.append(
                format_html(
                    '<p>{}: <a href="{}">{}</a></p>',
                    block.label or "Related",
                    absolute(story.get_absolute_url()),
                    story.headline,
                )
            )
        elif kind == "graphic":
            parts.append(
                format_html(
                    '<p>Graphic: {} (<a href="{}">see it on the site</a>)</p>', block.alt, story_url
                )
            )
    return mark_safe("".join(str(part) for part in parts))


def _feed_photo(photo, block):
    item = None
    for spec in ("w960", "w1280", "w640", "w320"):
        item = rendition(photo, spec, "jpeg")
        if item is not None:
            break
    src = absolute(item.url if item else photo.image.url)
    width, height = (item.width, item.height) if item else (photo.width, photo.height)
    caption = [text for text in (block.caption or photo.caption, photo.credit_line) if text]
    return format_html(
        '<figure><img src="{}" alt="{}" width="{}" height="{}"><figcaption>{}</figcaption></figure>',
        src,
        photo.alt_text,
        width,
        height,
        format_html_join(" ", "{}", ((text,) for text in caption)),
    )


def blocks_of(html):
    return read_body(html)
