"""Reading the sitemaps as a search engine does: the index first, then every page it lists.
Sitemap pages are id ranges, and ids keep growing through a test run, so a test that fetched
only the first page would find nothing on it (and an absence check would pass for nothing)."""

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_pages(client, name):
    """The paths of every page of one sitemap, as the index lists them."""
    index = ET.fromstring(client.get("/sitemap.xml").content)
    pages = []
    for loc in index.findall("s:sitemap/s:loc", NS):
        parts = urlsplit(loc.text)
        if parts.path == f"/sitemap-{name}.xml":
            pages.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    assert pages, f"the sitemap index lists no {name} sitemap"
    return pages


def sitemap_addresses(client, name):
    """Every address the sitemap lists, over all its pages."""
    addresses = []
    for page in sitemap_pages(client, name):
        response = client.get(page)
        assert response.status_code == 200, page
        root = ET.fromstring(response.content)
        addresses += [loc.text for loc in root.findall("s:url/s:loc", NS)]
    return addresses


def sitemap_text(client, name):
    """All pages of one sitemap as one text, for 'is this slug there' checks."""
    return "\n".join(client.get(page).content.decode() for page in sitemap_pages(client, name))
