"""Template tags of the gallery page."""

from django import template

from reader.jsonld import script

from .. import jsonld

register = template.Library()


@register.simple_tag
def gallery_json_ld(gallery):
    return script(jsonld.gallery(gallery, list(gallery.items.all())))
