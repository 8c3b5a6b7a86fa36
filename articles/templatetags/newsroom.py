"""Display helpers for reader pages: AP-style times, linked bylines, JSON-LD, cached fragments."""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from articles import fragments, jsonld, selectors
from articles.bylines import join_names
from media_gallery.templatetags.pictures import rendition
from publishing import display
from publishing.richtext import sanitize_html

register = template.Library()


@register.filter
def ap_datetime(moment):
    """ "Dec. 26, 2012, 12:39 p.m. EST" in the newsroom's time zone."""
    return display.moment(moment)


@register.filter
def ap_date(moment):
    """ "Dec. 26, 2012" (a date, or a moment in the newsroom's time zone)."""
    return display.ap_date(moment) if moment else ""


@register.filter
def iso(moment):
    """ISO 8601 with the offset, for `<time datetime>` and machines: 2012-12-26T12:39:00-05:00."""
    if not moment:
        return ""
    if hasattr(moment, "hour"):
        return timezone.localtime(moment).isoformat(timespec="seconds")
    return moment.isoformat()


@register.filter
def absolute(url):
    """The address with the site's scheme and host, as feeds, cards and JSON-LD need it."""
    if not url:
        return ""
    if url.startswith(("http://", "https://")):
        return url
    return f"{settings.NEWSROOM_SITE_URL}{url}"


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


# JSON-LD is data, never executed script: `<`, `>` and `&` are escaped as json_script does,
# so no text in it can close the element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data):
    if not data:
        return ""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """The current address with another page number (page 1 is the address without it).

    Only the search terms are kept from the query string: tracking parameters never reach a
    canonical link, nor a cached fragment.
    """
    request = context["request"]
    params = [("q", request.GET["q"])] if request.GET.get("q") else []
    if number and int(number) > 1:
        params.append(("page", number))
    return f"{request.path}?{urlencode(params)}" if params else request.path


@register.simple_tag(takes_context=True)
def prefetch_fragments(context):
    """At the top of base.html: read the site's and the page's (`fragments_wanted`) cached
    fragments in one round trip, unless the view already did."""
    request = context.get("request")
    if (
        request is None
        or hasattr(request, "_fragments")
        or not context.get("fragments_enabled", True)
    ):
        return ""
    wanted = fragments.site_fragments(bool(context.get("front_page")))
    fragments.prefetch(request, wanted + list(context.get("fragments_wanted", [])))
    return ""


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def render(self, context):
        timeout = fragments.ttl()
        if not timeout or not context.get("fragments_enabled", True):
            return self.nodelist.render(context)
        request = context.get("request")
        key = fragments.fragment_key(self.name, [v.resolve(context) for v in self.vary_on])
        html = fragments.get(key, request)
        if html is None:
            html = self.nodelist.render(context)
            fragments.put(key, html, request)
        return html


@register.tag("fragment")
def do_fragment(parser, token):
    """{% fragment "name" var ... %}…{% endfragment %}: rendered once per content generation.

    The block is cached in the shared cache under the name and the values given, with the
    current content generation (articles/fragments.py), which any content save or a scheduled
    item going live replaces. A view turns caching off with `fragments_enabled=False` (previews).
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% fragment %} needs a name.")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    name = bits[1].strip("\"'")
    return FragmentNode(nodelist, name, [parser.compile_filter(bit) for bit in bits[2:]])


@register.simple_tag
def site_name():
    return settings.NEWSROOM_SITE_NAME


@register.simple_tag(takes_context=True)
def nav_sections(context):
    """Top-level sections, for the masthead (read inside its cached fragment). Kept on the
    request, so the front page, rendered after the masthead, does not read them again."""
    tops = selectors.section_tree()
    request = context.get("request")
    if request is not None:
        request._section_tree = tops
    return tops


@register.filter
def names(people):
    """ "A, B and C" from a list of people."""
    return join_names([p.name for p in people])


@register.filter
def rich_text(html):
    """An article body: sanitised on save, and again here in case a row came in another way
    (bulk import, raw SQL); the result is cached with the page fragment."""
    return mark_safe(sanitize_html(html or ""))


@register.filter
def with_dateline(html, dateline):
    """Put "BEIRUT —" at the start of the body's first paragraph, as papers print it."""
    if not dateline:
        return html
    lead = format_html('<span class="dateline">{} —</span> ', dateline)
    if html.startswith("<p>"):
        return mark_safe(f"<p>{lead}{html[3:]}")
    return mark_safe(f"<p>{lead}</p>{html}")


@register.simple_tag
def social_image(photo):
    """The 1200×630 rendition for social cards (og:image), or None."""
    return rendition(photo, "social", "jpeg") if photo is not None else None


@register.simple_tag
def article_json_ld(article):
    return json_ld(jsonld.article(article))


@register.simple_tag
def gallery_json_ld(gallery):
    return json_ld(jsonld.gallery(gallery, list(gallery.items.all())))


@register.simple_tag
def timeline_json_ld(timeline):
    return json_ld(jsonld.timeline(timeline))


@register.simple_tag
def section_json_ld(section):
    return json_ld([jsonld.breadcrumbs(jsonld.section_trail(section))])


@register.filter
def snippet(article):
    """A search result's snippet from the deck and body, with the matches marked."""
    return selectors.snippet_html(article)


@register.filter
def search_headline(article):
    """A search result's headline with the matches marked."""
    return selectors.headline_html(article)


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
