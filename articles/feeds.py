"""RSS and Atom feeds (Django's syndication framework): latest stories, and per section,
person and tag. Entries carry the byline, published and updated times, the deck with any
corrections, tags, and the lead photo as an enclosure from a stored rendition."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.db.models import Q
from django.http import Http404, HttpResponseNotAllowed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import format_html, format_html_join

from media_gallery.templatetags.pictures import rendition
from publishing.display import moment
from reader import keys
from reader.display import absolute

from . import selectors
from .body import read_body
from .body import render as body_render
from .bylines import join_names
from .models import Person, Section

# The enclosure: a mid-sized JPEG, big enough for a feed reader's card.
ENCLOSURE_SPECS = ("w960", "w640", "w320")


def file_sizes(renditions):
    """Byte sizes of stored rendition files, from the cache when known.

    Rendition files never change (a new crop gets a new random name), so a size once read from
    storage is kept for good; a feed request asks storage only about files it has not seen.
    """
    keys = {f"rendition-size:{r.file.name}": r for r in renditions}
    sizes = cache.get_many(list(keys))
    missing = {}
    for key, item in keys.items():
        if key not in sizes:
            try:
                missing[key] = item.file.size
            except OSError:
                continue
    if missing:
        cache.set_many(missing, None)
        sizes.update(missing)
    return {keys[key].file.name: size for key, size in sizes.items()}


class RssWithContent(Rss201rev2Feed):
    """RSS 2.0 with each story's whole body in `content:encoded`."""

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_encoded"):
            handler.addQuickElement("content:encoded", item["content_encoded"])


class AtomWithContent(Atom1Feed):
    """Atom with each story's whole body in `content`."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_encoded"):
            handler.addQuickElement("content", item["content_encoded"], {"type": "html"})


class LatestStories(Feed):
    """The newest published stories."""

    feed_type = RssWithContent

    def __call__(self, request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        response = super().__call__(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex"
        return response

    def title(self, obj=None):
        return f"{settings.NEWSROOM_SITE_NAME}: latest stories"

    def description(self, obj=None):
        return f"The latest stories from {settings.NEWSROOM_SITE_NAME}."

    subtitle = description

    def link(self, obj=None):
        return absolute(reverse("front_page"))

    url_name = "latest"

    def feed_args(self, obj):
        return []

    def feed_url(self, obj=None):
        """The feed's own address (atom:link rel=self), on the site's public host."""
        name = f"feeds:{self.url_name}" + ("_atom" if issubclass(self.feed_type, Atom1Feed) else "")
        return absolute(reverse(name, args=self.feed_args(obj)))

    def stories(self, obj):
        return selectors.latest_articles()

    def items(self, obj=None):
        keys.lists()  # a story appearing or disappearing changes every feed
        if obj is not None:
            keys.add(keys.listing_of(type(obj), obj.pk))  # a new byline or tag changes it
        stories = list(selectors.feed_articles(self.stories(obj)))
        chosen = {}
        for story in stories:
            for spec in ENCLOSURE_SPECS:
                item = rendition(story.lead_photo, spec, "jpeg")
                if item is not None:
                    chosen[story.pk] = item
                    break
        sizes = file_sizes(chosen.values())
        # Every story's body elements, read in one go for the whole feed.
        blocks = {story.pk: read_body(story.body) for story in stories}
        loaded = body_render.load([block for listed in blocks.values() for block in listed])
        for story in stories:
            story.feed_content = body_render.feed_html(
                blocks[story.pk], loaded, absolute(story.get_absolute_url()), story.dateline
            )
            item = chosen.get(story.pk)
            story.feed_enclosures = (
                [Enclosure(absolute(item.file.url), str(sizes[item.file.name]), "image/jpeg")]
                if item is not None and item.file.name in sizes
                else []
            )
        return stories

    def item_title(self, item):
        return f"LIVE: {item.headline}" if item.is_live_coverage_on else item.headline

    def item_link(self, item):
        return absolute(item.get_absolute_url())

    def item_guid(self, item):
        return absolute(item.get_absolute_url())

    def item_description(self, item):
        """The deck, then any corrections, as a feed reader shows them."""
        corrections = format_html_join(
            "",
            "<p><strong>{}, {}:</strong> {}</p>",
            (
                (c.get_kind_display(), moment(c.published_at), c.text)
                for c in item.visible_corrections
            ),
        )
        return format_html("<p>{}</p>{}", item.deck, corrections)

    def item_author_name(self, item):
        return join_names([p.name for p in item.byline_people]) or None

    def item_author_link(self, item):
        people = item.byline_people
        return absolute(people[0].get_absolute_url()) if people else None

    def item_pubdate(self, item):
        return item.display_published_at

    def item_updateddate(self, item):
        return item.date_modified or item.display_published_at

    def item_categories(self, item):
        return [item.section.name, *(tag.name for tag in item.tags.all())]

    def item_enclosures(self, item):
        return item.feed_enclosures

    def item_extra_kwargs(self, item):
        return {"content_encoded": str(item.feed_content)}


class LatestStoriesAtom(LatestStories):
    feed_type = AtomWithContent


class SectionStories(LatestStories):
    """A section's newest stories, its children's included."""

    url_name = "section"

    def feed_args(self, obj):
        return [obj.slug]

    def get_object(self, request, slug):
        # The section and its children in one query: the feed lists the children's stories too.
        rows = list(
            Section.objects.select_related("parent").filter(Q(slug=slug) | Q(parent__slug=slug))
        )
        section = next((row for row in rows if row.slug == slug), None)
        if section is None:
            raise Http404("No section has this address.")
        section.family = [section.pk] + [row.pk for row in rows if row.parent_id == section.pk]
        return section

    def title(self, obj=None):
        return f"{settings.NEWSROOM_SITE_NAME}: {obj.name}"

    def description(self, obj=None):
        return f"The latest stories in {obj.name} from {settings.NEWSROOM_SITE_NAME}."

    subtitle = description

    def link(self, obj=None):
        return absolute(obj.get_absolute_url())

    def stories(self, obj):
        return selectors.section_articles(obj.family)


class SectionStoriesAtom(SectionStories):
    feed_type = AtomWithContent


class PersonStories(LatestStories):
    """Stories a person wrote or contributed to."""

    url_name = "person"

    def feed_args(self, obj):
        return [obj.slug]

    def get_object(self, request, slug):
        person = Person.objects.public().filter(slug=slug).first()
        if person is None:
            raise Http404("No one has this address.")
        return person

    def title(self, obj=None):
        return f"{settings.NEWSROOM_SITE_NAME}: {obj.name}"

    def description(self, obj=None):
        return f"The latest stories by {obj.name}."

    subtitle = description

    def link(self, obj=None):
        return absolute(obj.get_absolute_url())

    def stories(self, obj):
        return selectors.person_articles(obj)


class PersonStoriesAtom(PersonStories):
    feed_type = AtomWithContent


class TagStories(LatestStories):
    """Stories with a tag."""

    url_name = "tag"

    def feed_args(self, obj):
        return [obj.slug]

    def get_object(self, request, slug):
        tag = selectors.tag_with_published_items(slug)
        if tag is None:
            raise Http404("No published story carries this tag.")
        return tag

    def title(self, obj=None):
        return f"{settings.NEWSROOM_SITE_NAME}: {obj.name}"

    def description(self, obj=None):
        return f"The latest stories tagged {obj.name}."

    subtitle = description

    def link(self, obj=None):
        return absolute(reverse("articles:tag", args=[obj.slug]))

    def stories(self, obj):
        return selectors.tag_articles(obj)


class TagStoriesAtom(TagStories):
    feed_type = AtomWithContent
