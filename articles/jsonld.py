"""schema.org data for search engines: NewsArticle (and its kin), ImageGallery, BreadcrumbList.

Built as plain dicts here; `{% json_ld %}` writes them into the page safely escaped.
"""

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone

from media_gallery.templatetags.pictures import rendition

# The crops Google asks for, 1200 wide (media_gallery.renditions.CROPS).
IMAGE_CROPS = ("crop-16x9", "crop-4x3", "crop-1x1")
LOGO = {"path": "img/logo.png", "width": 600, "height": 60}


def absolute(url):
    if not url or url.startswith(("http://", "https://")):
        return url
    return f"{settings.NEWSROOM_SITE_URL}{url}"


def iso(moment):
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def publisher():
    return {
        "@type": "NewsMediaOrganization",
        "name": settings.NEWSROOM_SITE_NAME,
        "url": f"{settings.NEWSROOM_SITE_URL}/",
        "logo": {
            "@type": "ImageObject",
            "url": absolute(static(LOGO["path"])),
            "width": LOGO["width"],
            "height": LOGO["height"],
        },
    }


def person(someone):
    return {
        "@type": "Organization" if someone.is_organisation else "Person",
        "name": someone.name,
        "url": absolute(someone.get_absolute_url()),
    }


def image_urls(photo):
    """The photo in 16:9, 4:3 and 1:1, from stored renditions (the master when none yet)."""
    if photo is None or not photo.image:
        return []
    urls = []
    for spec in IMAGE_CROPS:
        item = rendition(photo, spec, "jpeg")
        if item is not None:
            urls.append(absolute(item.file.url))
    return urls or [absolute(photo.image.url)]


def breadcrumbs(trail):
    """BreadcrumbList from [(name, url), ...], home first."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": absolute(url)}
            for i, (name, url) in enumerate(trail, start=1)
        ],
    }


def section_trail(section):
    trail = [("Home", reverse("articles:front_page"))]
    if section is not None:
        if section.parent_id:
            trail.append((section.parent.name, section.parent.get_absolute_url()))
        trail.append((section.name, section.get_absolute_url()))
    return trail


def article(story):
    """NewsArticle (or AnalysisNewsArticle, OpinionNewsArticle…) and its breadcrumbs."""
    url = absolute(story.get_absolute_url())
    published = story.display_published_at
    modified = story.date_modified or published
    data = {
        "@context": "https://schema.org",
        "@type": story.schema_type,
        "@id": url,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "headline": (story.seo_headline or story.headline)[:110],
        "description": story.deck,
        "datePublished": iso(published),
        "dateModified": iso(max(modified, published) if published and modified else modified),
        "author": [person(p) for p in story.byline_people],
        "publisher": publisher(),
        "articleSection": story.section.name,
        "keywords": [tag.name for tag in story.tags.all()],
        "isAccessibleForFree": True,
        "inLanguage": settings.LANGUAGE_CODE,
    }
    if story.dateline:
        data["dateline"] = story.dateline
    images = image_urls(story.lead_photo)
    if images:
        data["image"] = images
    corrections = getattr(story, "visible_corrections", [])
    if corrections:
        data["correction"] = [
            {
                "@type": "CorrectionComment",
                "text": f"{c.get_kind_display()}: {c.text}",
                "datePublished": iso(c.published_at),
            }
            for c in corrections
        ]
    trail = section_trail(story.section) + [(story.headline, story.get_absolute_url())]
    return [data, breadcrumbs(trail)]


def gallery(album, items):
    url = absolute(album.get_absolute_url())
    images = []
    for item in items:
        photo = item.photo
        best = rendition(photo, "w1280", "jpeg") or rendition(photo, "w960", "jpeg")
        images.append(
            {
                "@type": "ImageObject",
                "contentUrl": absolute(best.file.url if best else photo.image.url),
                "width": best.width if best else photo.width,
                "height": best.height if best else photo.height,
                "caption": item.caption,
                "description": photo.alt_text,
                "creditText": photo.credit,
                **(
                    {"creator": {"@type": "Person", "name": photo.photographer_display}}
                    if photo.photographer_display
                    else {}
                ),
                **({"copyrightNotice": photo.copyright} if photo.copyright else {}),
            }
        )
    data = {
        "@context": "https://schema.org",
        "@type": "ImageGallery",
        "@id": url,
        "url": url,
        "name": album.headline,
        "description": album.deck,
        "datePublished": iso(album.display_published_at),
        "publisher": publisher(),
        "numberOfItems": len(images),
        "image": images,
    }
    trail = [("Home", reverse("articles:front_page")), (album.headline, album.get_absolute_url())]
    return [data, breadcrumbs(trail)]


def timeline(chronology):
    url = absolute(chronology.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "WebPage",
        "@id": url,
        "url": url,
        "name": chronology.headline,
        "description": chronology.deck,
        "datePublished": iso(chronology.display_published_at),
        "publisher": publisher(),
    }
    trail = [
        ("Home", reverse("articles:front_page")),
        (chronology.headline, chronology.get_absolute_url()),
    ]
    return [data, breadcrumbs(trail)]
