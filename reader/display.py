"""Addresses as machines need them: with the site's scheme and host (NEWSROOM_SITE_URL), for
feeds, sitemaps, social cards, JSON-LD and robots.txt. Dates and names are printed by
`publishing.display`."""

from django.conf import settings


def absolute(url):
    """`url` with the site's scheme and host; an address that has them is left as it is."""
    if not url:
        return ""
    if url.startswith(("http://", "https://")):
        return url
    return f"{settings.NEWSROOM_SITE_URL}{url}"
