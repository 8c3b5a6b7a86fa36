"""Template tags every reader page uses: AP-style times, machine times, absolute addresses,
JSON-LD, page links, the site's name, and `{% fragment %}` blocks cached per content
generation (reader/fragments.py)."""

from django import template
from django.conf import settings
from django.utils.http import urlencode

from publishing import display
from reader import jsonld, keys
from reader.display import absolute as absolute_url
from reader.fragments import SITE_BLOCKS, Fragments

register = template.Library()


@register.filter
def ap_datetime(moment):
    """ "Dec. 26, 2012, 12:39 p.m. EST" in the newsroom's time zone."""
    return display.moment(moment)


@register.filter
def iso(moment):
    """ISO 8601 with the offset, for `<time datetime>` and machines: 2012-12-26T12:39:00-05:00."""
    return display.iso(moment)


@register.filter
def absolute(url):
    """The address with the site's scheme and host, as feeds, cards and JSON-LD need it."""
    return absolute_url(url)


@register.simple_tag
def json_ld(data):
    return jsonld.script(data)


@register.simple_tag
def site_name():
    return settings.NEWSROOM_SITE_NAME


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
def page_fragments(context):
    """At the top of base.html: a page whose view declared no fragments (search, errors) still
    caches the site's chrome. Reads them all from the cache in one round trip."""
    fragments = context.get("fragments")
    if fragments is None:
        fragments = Fragments(front_page=bool(context.get("front_page")))
        context["fragments"] = fragments
    fragments.read()
    return ""


class FragmentNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        fragments = context.get("fragments")
        if fragments is None or not fragments.enabled:
            return self.nodelist.render(context)
        html = fragments.get(self.name)
        if html is None:
            if self.name in SITE_BLOCKS:
                with keys.paused():  # the chrome's sections are not what this page shows
                    html = self.nodelist.render(context)
            else:
                html = self.nodelist.render(context)
            fragments.put(self.name, html)
        return html


@register.tag("fragment")
def do_fragment(parser, token):
    """{% fragment "head" %}…{% endfragment %}: rendered once per content generation.

    The block is cached under the key the page's view declared for that name (the view's
    `Fragments`, in the context as `fragments`), with the current content generation, which a
    change readers may see or a scheduled item going live replaces. A page with fragments
    turned off (a preview, development) renders the block every time.
    """
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError('{% fragment %} takes one name: {% fragment "head" %}.')
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, bits[1].strip("\"'"))
