"""Template tags of the story pages: linked bylines, the body with its dateline, search
marks, corrections and promos, and the stories' JSON-LD. Site-wide tags (dates, addresses,
fragments) are in `reader`; pictures in `media_gallery`'s `pictures`."""

from datetime import timedelta

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles import jsonld, search
from articles.body import render as body_render
from articles.bylines import join_names
from publishing import display
from reader.jsonld import script

register = template.Library()


def _linked_names(people, rel_author=True):
    links = [
        format_html('<a href="{}" rel="author">{}</a>', p.get_absolute_url(), p.name)
        if rel_author
        else format_html('<a href="{}">{}</a>', p.get_absolute_url(), p.name)
        for p in people
    ]
    # join_names only joins strings; the pieces are already escaped HTML.
    return mark_safe(join_names(links))


@register.simple_tag
def byline_links(article):
    """ "By <a rel=author>A</a>, <a>B</a> and <a>C</a>", each name linking to the person's page."""
    people = article.byline_people
    if not people:
        return ""
    return format_html("By {}", _linked_names(people))


@register.simple_tag
def contributor_links(article):
    """ "<a>A</a> and <a>B</a> contributed to this report." """
    people = article.contributor_people
    if not people:
        return ""
    return format_html("{} contributed to this report.", _linked_names(people, rel_author=False))


@register.filter
def names(people):
    """ "A, B and C" from a list of people."""
    return join_names([p.name for p in people])


@register.simple_tag
def story_body(article):
    """The story's body with its elements, the dateline opening the first paragraph. The body
    is read (and sanitised again, in case a row came in another way) by `articles.body`; the
    result is cached with the page fragment."""
    return body_render.page_html(article.body_blocks, article.body_loaded, article.dateline)


@register.simple_tag
def article_json_ld(article):
    return script(jsonld.article(article))


@register.simple_tag
def timeline_json_ld(timeline):
    return script(jsonld.timeline(timeline))


@register.simple_tag
def section_json_ld(section):
    return script([jsonld.breadcrumbs(jsonld.section_trail(section))])


@register.filter
def snippet(article):
    """A search result's snippet from the deck and body, with the matches marked."""
    return search.snippet_html(article)


@register.filter
def search_headline(article):
    """A search result's headline with the matches marked."""
    return search.headline_html(article)


@register.filter
def dated_corrections(article):
    """Corrections, clarifications and editor's notes: shown at the head of the story."""
    return [c for c in article.visible_corrections if c.kind != "update"]


@register.filter
def dated_updates(article):
    """Updates: shown at the foot of the story."""
    return [c for c in article.visible_corrections if c.kind == "update"]


@register.filter
def promos(article):
    """The article's gallery and timeline promos, in the editor's order."""
    return [item for item in article.related_items.all() if not item.target_article_id]


@register.filter
def related_stories(article):
    """The article's related-article items, in the editor's order."""
    return [item for item in article.related_items.all() if item.target_article_id]


# Live coverage ----------------------------------------------------------------------------


@register.simple_tag
def live_time(moment):
    """A post's time: "9:42 p.m. EST" within the day, "Dec. 25, 9:42 p.m. EST" before."""
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    time = f"{display.ap_time(local)} {local.tzname()}"
    if timezone.now() - moment < timedelta(hours=20):
        return time
    return f"{display.ap_date(local).rsplit(',', 1)[0]}, {time}"


@register.simple_tag
def live_post_body(post):
    """A live post's body, read and rendered as story bodies are (`articles.body`)."""
    return body_render.page_html(post.body_blocks, post.body_loaded)


@register.filter
def live_summary(post):
    """A key event's words in the navigation: its title, else its first words."""
    from articles.live_selectors import summary

    return post.title or summary(post.body, limit=90)


@register.simple_tag
def live_json_ld(article, live):
    return script(jsonld.live_story(article, live))
