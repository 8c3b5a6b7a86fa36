"""What every ninjs item shares: its identifier and standard, times, and photos with every
rendition (href, width, height, MIME type). The items themselves are built in `api.ninjs`."""

from django.conf import settings
from django.urls import reverse

from publishing.display import iso
from reader.display import absolute

STANDARD = {
    "name": "ninjs",
    "version": "3.1",
    "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#",
}
MIME = {"jpeg": "image/jpeg", "webp": "image/webp", "avif": "image/avif", "png": "image/png",
        "gif": "image/gif", "jpg": "image/jpeg"}  # fmt: skip
CORRECTION_ROLES = {"correction": "correction", "clarification": "clarification",
                    "update": "update", "editors_note": "editors-note"}  # fmt: skip


def guid(kind, pk):
    return f"{kind}-{pk}"


def item_uri(item_guid):
    """The item's identifier: its address in the API (global, and answers with the item)."""
    return absolute(reverse("api-1:item", kwargs={"guid": item_guid}))


def moment(value):
    return iso(value) or None


def clean(data):
    """Leave out what has no value: ninjs properties are optional, never empty."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def first_published(item):
    return item.display_published_at


def version_created(item, *others):
    """When this version came to be for readers: the last save, or the go-live moment when a
    scheduled item went live later (so `updated_since` finds it)."""
    moments = [m for m in (item.updated_at, *others) if m is not None]
    return max(moments) if moments else None


def common(item, kind, profile=None, **extra):
    """What every item has; `profile` when it differs from the kind (a live story)."""
    item_guid = guid(kind, item.pk)
    page = item.get_absolute_url() if hasattr(item, "get_absolute_url") else None
    data = {
        "uri": item_uri(item_guid),
        "standard": STANDARD,
        "profile": profile or kind,
        "representationType": "full",
        "version": str(item.version),
        "language": settings.LANGUAGE_CODE,
        "altIds": [{"role": "guid", "value": item_guid}]
        + ([{"role": "url", "value": absolute(page)}] if page else []),
    }
    data.update(extra)
    return clean(data)


def publishable_times(item):
    published = first_published(item)
    return {
        "firstCreated": moment(published),
        "versionCreated": moment(version_created(item, published)),
        "embargoedUntil": moment(item.embargo_until),
        "pubStatus": "usable",
    }


# Photos ------------------------------------------------------------------------------------


def _extension(name):
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def renditions(photo):
    """Every stored rendition (href, width, height, MIME type), and the master as "original"."""
    found = [
        {
            "name": f"{item.spec}-{item.format}",
            "href": absolute(item.url),
            "contentType": MIME.get(item.format, f"image/{item.format}"),
            "width": item.width,
            "height": item.height,
        }
        for item in photo.renditions.all()
    ]
    if photo.image:
        original = {
            "name": "original",
            "href": absolute(photo.image.url),
            "contentType": MIME.get(_extension(photo.image.name), "image/jpeg"),
            "width": photo.width,
            "height": photo.height,
        }
        found.append(clean(original))
    return found


def photo(picture, caption=None):
    """A photo: caption, alt text, credit, rights, and every rendition."""
    descriptions = [
        {"role": "caption", "value": caption if caption is not None else picture.caption},
        {"role": "alt-text", "value": picture.alt_text},
        {"role": "credit", "value": picture.credit_line},
    ]
    return common(
        picture,
        "photo",
        type="picture",
        firstCreated=moment(picture.created_at),
        versionCreated=moment(picture.updated_at),
        contentCreated=moment(picture.date_taken),
        headlines=[{"role": "main", "value": picture.headline}] if picture.headline else [],
        descriptions=[d for d in descriptions if d["value"]],
        by=picture.photographer_display,
        copyrightNotice=picture.copyright,
        usageTerms=picture.usage_terms,
        infoSources=[{"name": picture.source, "role": "source"}] if picture.source else [],
        renditions=renditions(picture),
    )


def association(name, rel, data):
    return {"name": name, "rel": rel, **data}
