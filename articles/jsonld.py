"""schema.org data for stories: NewsArticle (and its kin), a timeline's WebPage, a section's
breadcrumbs. Built as plain dicts here; `reader.jsonld.script` writes them into the page."""

from django.conf import settings

from media_gallery.jsonld import crop_urls
from publishing.display import iso
from reader.display import absolute
from reader.jsonld import breadcrumbs, home, publisher


def _iso(moment):
    return iso(moment) or None


def person(someone):
    return {
        "@type": "Organization" if someone.is_organisation else "Person",
        "name": someone.name,
        "url": absolute(someone.get_absolute_url()),
    }


def video(embed):
    """A video embedded in a story, as far as its address names it (nothing is fetched)."""
    found = embed.found
    data = {
        "@type": "VideoObject",
        "name": embed.title or f"{found.provider} video",
        "url": found.url,
        "embedUrl": found.player,
    }
    if found.provider == "YouTube":
        data["thumbnailUrl"] = f"https://i.ytimg.com/vi/{found.video_id}/hqdefault.jpg"
    return data


def section_trail(section):
    trail = [home()]
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
        "datePublished": _iso(published),
        "dateModified": _iso(max(modified, published) if published and modified else modified),
        "author": [person(p) for p in story.byline_people],
        "publisher": publisher(),
        "articleSection": story.section.name,
        "keywords": [tag.name for tag in story.tags.all()],
        "isAccessibleForFree": True,
        "inLanguage": settings.LANGUAGE_CODE,
    }
    if story.dateline:
        data["dateline"] = story.dateline
    images = crop_urls(story.lead_photo)
    blocks, loaded = getattr(story, "body_blocks", []), getattr(story, "body_loaded", None)
    for block in blocks:
        if block.kind == "photo" and loaded and (photo := loaded.photos.get(block.photo_id)):
            images += [url for url in crop_urls(photo) if url not in images]
    if images:
        data["image"] = images
    videos = [video(block) for block in blocks if block.kind == "embed" and block.found.is_video]
    if videos:
        data["video"] = videos
    corrections = getattr(story, "visible_corrections", [])
    if corrections:
        data["correction"] = [
            {
                "@type": "CorrectionComment",
                "text": f"{c.get_kind_display()}: {c.text}",
                "datePublished": _iso(c.published_at),
            }
            for c in corrections
        ]
    trail = section_trail(story.section) + [(story.headline, story.get_absolute_url())]
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
        "datePublished": _iso(chronology.display_published_at),
        "publisher": publisher(),
    }
    trail = [home(), (chronology.headline, chronology.get_absolute_url())]
    return [data, breadcrumbs(trail)]


JSON_LD_POSTS = 20


def live_story(story, live):
    """LiveBlogPosting: the story as `article()` has it, with its coverage times and the first
    20 posts on this page as liveBlogUpdate BlogPostings (headline, times, author,
    articleBody)."""
    from .live_selectors import summary

    data, trail = article(story)
    coverage = live.coverage
    data["coverageStartTime"] = _iso(coverage.start_time)
    data["coverageEndTime"] = _iso(coverage.end_time)
    # The pinned post and the newest on the page: what search engines show of a live story,
    # without repeating all 50 posts' words in the page's head.
    posts = [post for post in [live.pinned, *live.page.object_list] if post is not None]
    posts = posts[:JSON_LD_POSTS]
    updates = []
    for post in posts:
        url = absolute(f"{story.get_absolute_url()}posts/{post.pk}/")
        text = " ".join(b.plain() for b in post.body_blocks if b.kind == "text")
        updates.append(
            {
                "@type": "BlogPosting",
                "@id": f"{url}#post-{post.pk}",
                "url": url,
                "headline": (post.title or summary(post.body, limit=110) or story.headline)[:110],
                "datePublished": _iso(post.published_at),
                "dateModified": _iso(post.date_modified),
                "author": [person(p) for p in post.byline_people],
                "articleBody": " ".join(text.split()),
            }
        )
    data["liveBlogUpdate"] = updates
    if updates:
        newest = max(post.date_modified for post in posts)
        data["dateModified"] = _iso(max(newest, story.date_modified or newest))
    return [data, trail]
