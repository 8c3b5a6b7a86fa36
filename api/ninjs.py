"""Items in IPTC ninjs 3.1 (News in JSON), as plain dicts: stories, galleries, timelines,
photos, people and sections. Every item validates against the official schema (vendored
under tests/api/). A story's body is rendered by `articles.body.render` (the one body
format), its photos and elements going with it as associations with their renditions.

What ninjs has no field for is said with its general ones: corrections are associations
(rel "correction") with their time; the dateline is `located`; sections and tags are
`subjects`; bylines are `people` (or `organisations`) with rel "author" or "contributor".
"""

from django.conf import settings
from django.urls import reverse
from django.utils.html import strip_tags

from articles.body.render import feed_html
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


def _moment(value):
    return iso(value) or None


def _clean(data):
    """Leave out what has no value: ninjs properties are optional, never empty."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def first_published(item):
    return item.display_published_at


def version_created(item, *others):
    """When this version came to be for readers: the last save, or the go-live moment when a
    scheduled item went live later (so `updated_since` finds it)."""
    moments = [m for m in (item.updated_at, *others) if m is not None]
    return max(moments) if moments else None


def _common(item, kind, **extra):
    item_guid = guid(kind, item.pk)
    page = item.get_absolute_url() if hasattr(item, "get_absolute_url") else None
    data = {
        "uri": item_uri(item_guid),
        "standard": STANDARD,
        "profile": kind,
        "representationType": "full",
        "version": str(item.version),
        "language": settings.LANGUAGE_CODE,
        "altIds": [{"role": "guid", "value": item_guid}]
        + ([{"role": "url", "value": absolute(page)}] if page else []),
    }
    data.update(extra)
    return _clean(data)


def _publishable_times(item):
    published = first_published(item)
    return {
        "firstCreated": _moment(published),
        "versionCreated": _moment(version_created(item, published)),
        "embargoedUntil": _moment(item.embargo_until),
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
        found.append(_clean(original))
    return found


def photo(picture, caption=None):
    """A photo: caption, alt text, credit, rights, and every rendition."""
    descriptions = [
        {"role": "caption", "value": caption if caption is not None else picture.caption},
        {"role": "alt-text", "value": picture.alt_text},
        {"role": "credit", "value": picture.credit_line},
    ]
    return _common(
        picture,
        "photo",
        type="picture",
        firstCreated=_moment(picture.created_at),
        versionCreated=_moment(picture.updated_at),
        contentCreated=_moment(picture.date_taken),
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


# People and sections -------------------------------------------------------------------------


def credit(someone, rel):
    entry = {
        "name": someone.name,
        "rel": rel,
        "uri": absolute(someone.get_absolute_url()),
        "literal": someone.slug,
    }
    return entry


def person(someone):
    people = [] if someone.is_organisation else [credit(someone, "subject")]
    organisations = [credit(someone, "subject")] if someone.is_organisation else []
    return _common(
        someone,
        "person",
        type="text",
        firstCreated=_moment(someone.created_at),
        versionCreated=_moment(someone.updated_at),
        headlines=[{"role": "main", "value": someone.name}],
        descriptions=[{"role": "job-title", "value": someone.job_title}]
        if someone.job_title
        else [],
        bodies=[{"role": "bio", "contentType": "text/plain", "value": someone.bio}]
        if someone.bio
        else [],
        people=people,
        organisations=organisations,
        associations=[association("headshot", "headshot", photo(someone.headshot))]
        if someone.headshot_id
        else [],
    )


def section_subject(section, rel="section"):
    return {
        "name": section.name,
        "rel": rel,
        "uri": absolute(section.get_absolute_url()),
        "literal": section.slug,
    }


def section(desk):
    return _common(
        desk,
        "section",
        type="composite",
        firstCreated=_moment(desk.created_at),
        versionCreated=_moment(desk.updated_at),
        headlines=[{"role": "main", "value": desk.name}],
        descriptions=[{"role": "summary", "value": desk.description}] if desk.description else [],
        subjects=[section_subject(desk.parent, "parent")] if desk.parent_id else [],
    )


def tag_subjects(item):
    return [
        {
            "name": tag.name,
            "rel": "tag",
            "uri": absolute(reverse("articles:tag", kwargs={"slug": tag.slug})),
            "literal": tag.slug,
        }
        for tag in item.tags.all()
    ]


# Stories -------------------------------------------------------------------------------------


def _headlines(story):
    found = [("main", story.headline), ("kicker", story.kicker), ("seo", story.seo_headline),
             ("social", story.social_headline)]  # fmt: skip
    return [{"role": role, "value": value} for role, value in found if value]


def _correction(story_guid, entry):
    return {
        "name": f"correction-{entry.pk}",
        "rel": "correction",
        "uri": f"{item_uri(story_guid)}#correction-{entry.pk}",
        "type": "text",
        "profile": CORRECTION_ROLES.get(entry.kind, entry.kind),
        "versionCreated": _moment(entry.published_at),
        "headlines": [{"value": entry.get_kind_display()}],
        "bodies": [{"contentType": "text/plain", "value": entry.text}],
    }


def _summary(kind, item, rel, name):
    """A short association for a gallery or story an item names (its own item has all)."""
    return association(
        name,
        rel,
        _clean(
            {
                "uri": item_uri(guid(kind, item.pk)),
                "type": "text" if kind == "article" else "composite",
                "profile": kind,
                "representationType": "partial",
                "headlines": [{"role": "main", "value": item.headline}],
                "altIds": [{"role": "url", "value": absolute(item.get_absolute_url())}],
            }
        ),
    )


def article(story, loaded):
    """A story in full: body as HTML, bylines, dateline, sections and tags, corrections,
    and its photos, galleries and related stories as associations."""
    story_guid = guid("article", story.pk)
    blocks = story.body_blocks
    url = absolute(story.get_absolute_url())
    body = str(feed_html(blocks, loaded, url, story.dateline))
    words = strip_tags(body).split()
    people, organisations = [], []
    for credit_row in sorted(story.credits.all(), key=lambda c: (c.role, c.order, c.pk)):
        rel = "author" if credit_row.role == "byline" else "contributor"
        entry = credit(credit_row.person, rel)
        (organisations if credit_row.person.is_organisation else people).append(entry)
    subjects = [section_subject(story.section)]
    if story.section.parent_id:
        subjects.append(section_subject(story.section.parent, "parent-section"))
    associations = []
    if story.lead_photo_id:
        associations.append(association("lead-photo", "lead", photo(story.lead_photo)))
    for number, block in enumerate(blocks, start=1):
        if block.kind == "photo" and (picture := loaded.photos.get(block.photo_id)):
            caption = block.caption or picture.caption
            associations.append(association(f"element-{number}", "inline", photo(picture, caption)))
        elif block.kind == "gallery" and (album := loaded.galleries.get(block.gallery_id)):
            associations.append(_summary("gallery", album, "inline", f"element-{number}"))
        elif block.kind == "related" and (other := loaded.articles.get(block.article_id)):
            associations.append(_summary("article", other, "related", f"element-{number}"))
    for number, related in enumerate(story.related_items.all(), start=1):
        associations.append(_summary(related.kind, related.target, "related", f"related-{number}"))
    associations += [_correction(story_guid, entry) for entry in story.visible_corrections]
    return _common(
        story,
        "article",
        type="text",
        **_publishable_times(story),
        headlines=_headlines(story),
        descriptions=[{"role": "summary", "value": story.deck}] if story.deck else [],
        bodies=[
            {
                "role": "main",
                "contentType": "text/html",
                "value": body,
                "wordCount": len(words),
                "charCount": sum(len(word) for word in words) + max(len(words) - 1, 0),
            }
        ],
        by=story.byline.removeprefix("By "),
        people=people,
        organisations=organisations,
        located=story.dateline,
        subjects=subjects + tag_subjects(story),
        genres=[{"name": story.get_article_type_display(), "literal": story.article_type}],
        associations=associations,
    )


def gallery(album):
    associations = []
    if album.cover_photo_id:
        associations.append(association("cover", "cover", photo(album.cover_photo)))
    for number, entry in enumerate(album.items.all(), start=1):
        associations.append(
            association(f"photo-{number}", "item", photo(entry.photo, entry.caption))
        )
    return _common(
        album,
        "gallery",
        type="composite",
        **_publishable_times(album),
        headlines=[{"role": "main", "value": album.headline}],
        descriptions=[{"role": "summary", "value": album.deck}] if album.deck else [],
        subjects=tag_subjects(album),
        associations=associations,
    )


def _event(timeline_guid, entry):
    data = {
        "name": f"event-{entry.pk}",
        "rel": "event",
        "uri": f"{item_uri(timeline_guid)}#event-{entry.pk}",
        "type": "event",
        "profile": "timeline-event",
        "headlines": [{"value": entry.headline}],
        "bodies": [{"contentType": "text/plain", "value": entry.description}]
        if entry.description
        else [],
        "eventDetails": {"dates": {"expectedStartDate": entry.machine_date}},
        "descriptions": [{"role": "date", "value": entry.display_date}],
    }
    if entry.photo_id:
        data["associations"] = [association("photo", "photo", photo(entry.photo))]
    if entry.article_id and getattr(entry, "visible_article", None):
        data.setdefault("associations", []).append(
            _summary("article", entry.visible_article, "story", "story")
        )
    return _clean(data)


def timeline(chronology):
    timeline_guid = guid("timeline", chronology.pk)
    associations = []
    if chronology.cover_photo_id:
        associations.append(association("cover", "cover", photo(chronology.cover_photo)))
    associations += [_event(timeline_guid, entry) for entry in chronology.events.all()]
    return _common(
        chronology,
        "timeline",
        type="composite",
        **_publishable_times(chronology),
        headlines=[{"role": "main", "value": chronology.headline}],
        descriptions=[{"role": "summary", "value": chronology.deck}] if chronology.deck else [],
        subjects=tag_subjects(chronology),
        associations=associations,
    )
