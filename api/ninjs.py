"""Items in IPTC ninjs 3.1 (News in JSON), as plain dicts: stories, galleries, timelines,
photos, people and sections. Every item validates against the official schema (vendored
under tests/api/). A story's body is rendered by `articles.body.render` (the one body
format), its photos and elements going with it as associations with their renditions.

What ninjs has no field for is said with its general ones: corrections are associations
(rel "correction") with their time; the dateline is `located`; sections and tags are
`subjects`; bylines are `people` (or `organisations`) with rel "author" or "contributor".
"""

from django.urls import reverse
from django.utils.html import strip_tags

from articles.body.render import feed_html
from articles.bylines import byline_line
from publishing.display import iso
from reader.display import absolute

from .ninjs_common import (
    CORRECTION_ROLES,
    association,
    clean,
    common,
    guid,
    item_uri,
    moment,
    photo,
    publishable_times,
)

__all__ = ["article", "gallery", "guid", "item_uri", "person", "photo", "section", "timeline"]


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
    return common(
        someone,
        "person",
        type="text",
        firstCreated=moment(someone.created_at),
        versionCreated=moment(someone.updated_at),
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
    return common(
        desk,
        "section",
        type="composite",
        firstCreated=moment(desk.created_at),
        versionCreated=moment(desk.updated_at),
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
        "versionCreated": moment(entry.published_at),
        "headlines": [{"value": entry.get_kind_display()}],
        "bodies": [{"contentType": "text/plain", "value": entry.text}],
    }


def _summary(kind, item, rel, name):
    """A short association for a gallery or story an item names (its own item has all)."""
    return association(
        name,
        rel,
        clean(
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
    live = hasattr(story, "visible_posts")
    descriptions = [{"role": "summary", "value": story.deck}] if story.deck else []
    if live:
        associations += [_post(story_guid, post, loaded, url) for post in story.visible_posts]
        descriptions += _coverage(story)
    return common(
        story,
        "article",
        profile="live" if live else "article",
        type="text",
        **publishable_times(story),
        headlines=_headlines(story),
        descriptions=descriptions,
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


def _coverage(story):
    """A live story's key points, and whether its coverage goes on."""
    coverage = story.coverage
    if coverage is None:
        return []
    found = [{"role": "key-point", "value": line} for line in coverage.key_point_lines]
    ended = coverage.ended_at
    state = f"ended {iso(ended)}" if ended else "live"
    return found + [{"role": "coverage", "value": state}]


def _post(story_guid, post, loaded, story_url):
    """One post of a live story, as an association with its body, byline and corrections."""
    body = str(feed_html(post.body_blocks, loaded, f"{story_url}#{post.anchor}"))
    people = [credit(someone, "author") for someone in post.byline_people]
    corrections = [
        {
            "name": f"correction-{entry.pk}",
            "rel": "correction",
            "uri": f"{item_uri(story_guid)}#post-{post.pk}-correction-{entry.pk}",
            "type": "text",
            "profile": CORRECTION_ROLES.get(entry.kind, entry.kind),
            "versionCreated": moment(entry.published_at),
            "headlines": [{"value": entry.get_kind_display()}],
            "bodies": [{"contentType": "text/plain", "value": entry.text}],
        }
        for entry in post.visible_corrections
    ]
    flags = [("pinned", post.is_pinned), ("key-event", post.is_key_event)]
    return clean(
        {
            "name": post.anchor,
            "rel": "live-post",
            "uri": f"{item_uri(story_guid)}#{post.anchor}",
            "type": "text",
            "profile": "live-post",
            "version": str(post.version),
            "firstCreated": moment(post.published_at),
            "versionCreated": moment(post.date_modified),
            "headlines": [{"role": "main", "value": post.title}] if post.title else [],
            "descriptions": [{"role": role, "value": "yes"} for role, on in flags if on],
            "bodies": [{"role": "main", "contentType": "text/html", "value": body}],
            "by": byline_line([someone.name for someone in post.byline_people]).removeprefix("By "),
            "people": people,
            "associations": corrections,
        }
    )


def gallery(album):
    associations = []
    if album.cover_photo_id:
        associations.append(association("cover", "cover", photo(album.cover_photo)))
    for number, entry in enumerate(album.items.all(), start=1):
        associations.append(
            association(f"photo-{number}", "item", photo(entry.photo, entry.caption))
        )
    return common(
        album,
        "gallery",
        type="composite",
        **publishable_times(album),
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
    return clean(data)


def timeline(chronology):
    timeline_guid = guid("timeline", chronology.pk)
    associations = []
    if chronology.cover_photo_id:
        associations.append(association("cover", "cover", photo(chronology.cover_photo)))
    associations += [_event(timeline_guid, entry) for entry in chronology.events.all()]
    return common(
        chronology,
        "timeline",
        type="composite",
        **publishable_times(chronology),
        headlines=[{"role": "main", "value": chronology.headline}],
        descriptions=[{"role": "summary", "value": chronology.deck}] if chronology.deck else [],
        subjects=tag_subjects(chronology),
        associations=associations,
    )
