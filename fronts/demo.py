"""The demo's curated front page, added when `load_demo` says the demo newsroom is loaded
(`articles.signals.demo_loaded`): it leads with the seed story, puts two other stories at the
top with the desk's own headlines, and places the gallery and the timeline. Found by name, so
a second `load_demo` changes nothing."""

from django.contrib.auth.models import User

from articles.models import Article, Section, Timeline
from media_gallery.models import Gallery

from . import services
from .models import Front

NAME = "Demo front page: the defection"
SEED = "syrian-general-defects"
TOP = [
    ("syrian-airstrikes-continue", "Airstrikes go on as the general’s defection is announced"),
    ("aid-groups-warn-of-winter-hardship-in-refugee-camps", ""),
]
GALLERY = "destruction-of-aleppo"
TIMELINE = "syria-uprising"


def add_curated_front(sender=None, **kwargs):
    """Make and publish the curated front once; returns a line for `load_demo` to print."""
    if Front.objects.filter(name=NAME).exists():
        return None
    seed = Article.objects.filter(slug=SEED).first()
    editor = User.objects.filter(username="editor").first()
    if seed is None or editor is None:
        return "Demo front page: not made (no seed story or no editor login)."
    zones = [{"kind": "lead", "slots": 1}, {"kind": "top", "slots": 3}]
    zones.append({"kind": "live", "slots": 3})
    zones += [
        {"kind": "section", "section": section, "slots": 5}
        for section in Section.objects.filter(parent__isnull=True)
    ]
    zones += [{"kind": "galleries", "slots": 4}, {"kind": "timelines", "slots": 4}]
    placements = [{"item": seed, "zone_key": "lead"}]
    for slug, headline in TOP:
        story = Article.objects.filter(slug=slug).first()
        if story is not None:
            placements.append({"item": story, "zone_key": "top", "headline": headline})
    gallery = Gallery.objects.filter(slug=GALLERY).first()
    if gallery is not None:
        placements.append({"item": gallery, "zone_key": "galleries"})
    timeline = Timeline.objects.filter(slug=TIMELINE).first()
    if timeline is not None:
        placements.append({"item": timeline, "zone_key": "timelines"})
    front = services.create_front(NAME, editor, zones, placements)
    # Published as of the seed story, as the desk would have on the day.
    services.publish(front, editor, at=seed.published_at)
    return f"Demo front page: “{NAME}”, leading with the seed story."
