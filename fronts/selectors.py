"""The front page readers see: the current arrangement's zones, filled.

`front_page(now)` finds the current front (or, when the desk has published none, the
automatic one: the lead story, the live strip, a rail per top section, galleries and
timelines, exactly as the front page was before fronts) and fills each zone in order: first
what the desk placed there that readers may see at `now` (anything else is skipped and the
next moves up), then the newest published items of the zone's section, never an item shown
higher up the page. Items are read in a fixed number of queries however many zones and
placements there are (tests/fronts/test_query_counts.py pins it).
"""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Value
from django.utils import timezone

from articles.models import Article, Timeline
from articles.selectors import LEAD_RENDITIONS, newest_first, renditions, section_tree
from media_gallery.models import Gallery, Photo
from media_gallery.templatetags.pictures import CROP_SPECS

from .models import Front, Zone

# How zones sit on the page: rails side by side, galleries and timelines side by side.
LAYOUTS = {"top": "rails", "section": "rails", "galleries": "extras", "timelines": "extras"}


@dataclass
class Shown:
    """One item as the front shows it: the desk's headline, deck and photo where it gave them."""

    item: object
    kind: str  # "article", "gallery" or "timeline"
    headline: str
    deck: str
    photo: object
    crop: str = ""
    placed: bool = False
    live: bool = False  # live coverage running now: labelled LIVE

    @property
    def url(self):
        return self.item.get_absolute_url()


@dataclass
class ShownZone:
    zone: Zone
    items: list = field(default_factory=list)

    @property
    def kind(self):
        return self.zone.kind

    @property
    def heading(self):
        if self.zone.heading:
            return self.zone.heading
        if self.zone.kind == Zone.Kind.SECTION:
            return self.zone.section.name
        return {"top": "Top stories", "live": "Live coverage"}.get(self.zone.kind, self.zone.label)

    @property
    def anchor(self):
        """The heading's id: the same a section's rail, the galleries and the timelines had
        before fronts, so links to them keep working."""
        if self.zone.kind == Zone.Kind.SECTION:
            return f"section-{self.zone.section.slug}"
        return f"front-{self.zone.kind}"


@dataclass
class FrontPage:
    front: Front | None  # None: the automatic front
    zones: list  # [ShownZone], only those with something to show

    @property
    def groups(self):
        """The zones in order, neighbours of one layout together: ("rails", [zones]) for top
        stories and section rails side by side, ("extras", ...) for galleries and timelines."""
        grouped = []
        for shown in self.zones:
            layout = LAYOUTS.get(shown.kind, shown.kind)
            if grouped and grouped[-1][0] == layout and layout in ("rails", "extras"):
                grouped[-1][1].append(shown)
            else:
                grouped.append((layout, [shown]))
        return grouped

    @property
    def lead(self):
        """The first item of the lead zone, if the page has one."""
        for shown in self.zones:
            if shown.kind == Zone.Kind.LEAD:
                return shown.items[0]
        return None


def default_zones(tops=None):
    """The automatic front: lead, live strip, a rail per top section, galleries, timelines."""
    tops = section_tree() if tops is None else tops
    zones = [Zone(kind=Zone.Kind.LEAD, slots=1), Zone(kind=Zone.Kind.LIVE, slots=3)]
    zones += [Zone(kind=Zone.Kind.SECTION, section=top, slots=5) for top in tops]
    zones += [Zone(kind=Zone.Kind.GALLERIES, slots=4), Zone(kind=Zone.Kind.TIMELINES, slots=4)]
    for position, zone in enumerate(zones):
        zone.position = position
    return zones


def front_page(now=None, tops=None):
    """What readers see on the front page at `now`."""
    now = now or timezone.now()
    front = Front.objects.current(now)
    zones = list(front.zones.select_related("section")) if front is not None else []
    tops = section_tree() if tops is None else tops
    if not zones:  # no arrangement, or one not yet given zones: never an empty front page
        return FrontPage(None, arrange(default_zones(tops), [], now, tops))
    return FrontPage(front, arrange(zones, list(front.placements.all()), now, tops))


def arrange(zones, placements, now, tops=None):
    """Fill `zones` (saved or not: the admin's preview passes what the form holds) with
    `placements` and the newest published items, as readers would see them at `now`. `tops`
    is `section_tree()` (read here if not given): which sections fill a top section's rail."""
    tops = section_tree() if tops is None else tops
    zones = sorted(zones, key=lambda zone: zone.position)
    keys = {zone.key for zone in zones}
    placed = {}
    for placement in sorted(placements, key=lambda p: p.order):
        if placement.zone_key in keys:
            placed.setdefault(placement.zone_key, []).append(placement)
    crops = {p.crop for group in placed.values() for p in group if p.crop in CROP_SPECS}
    specs = LEAD_RENDITIONS + [CROP_SPECS[crop] for crop in sorted(crops)]

    ids = {"article": set(), "gallery": set(), "timeline": set()}
    for group in placed.values():
        for placement in group:
            for kind in ids:
                if getattr(placement, f"{kind}_id"):
                    ids[kind].add(getattr(placement, f"{kind}_id"))

    candidates = _candidates(zones, ids, now, tops)
    articles = _articles(ids["article"] | candidates["article"], specs, now)
    galleries = _galleries(ids["gallery"] | candidates["gallery"], specs, now)
    timelines = _timelines(ids["timeline"] | candidates["timeline"], specs, now)
    live = _live_now(articles, now)
    photos = _photos({p.photo_id for group in placed.values() for p in group if p.photo_id})
    found = {"article": articles, "gallery": galleries, "timeline": timelines}

    shown_zones, seen = [], set()
    for zone in zones:
        shown = ShownZone(zone)
        for placement in placed.get(zone.key, []):
            if len(shown.items) >= zone.slots:
                break
            kind = next(k for k in ids if getattr(placement, f"{k}_id"))
            item = found[kind].get(getattr(placement, f"{kind}_id"))
            if item is None or (kind, item.pk) in seen:
                continue  # not visible to readers (now), or already higher up the page
            if zone.kind == Zone.Kind.LIVE and item.pk not in live:
                continue  # the strip shows live coverage only while it is live
            seen.add((kind, item.pk))
            shown.items.append(
                _shown(item, kind, placement, photos, kind == "article" and item.pk in live)
            )
        kind = _fills_with(zone)
        newest = [
            found[kind][pk] for pk in candidates["order"].get(zone.key, []) if pk in found[kind]
        ]
        # The pinned lead first; the rest stay newest first, as `_candidates` listed them.
        if zone.kind == Zone.Kind.LEAD:
            newest.sort(key=lambda item: not item.is_pinned)
        for item in newest:
            if len(shown.items) >= zone.slots:
                break
            if (kind, item.pk) in seen:
                continue
            seen.add((kind, item.pk))
            shown.items.append(
                _shown(item, kind, None, photos, kind == "article" and item.pk in live)
            )
        if shown.items:
            shown_zones.append(shown)
    return shown_zones


def _fills_with(zone):
    if zone.kind == Zone.Kind.GALLERIES:
        return "gallery"
    if zone.kind == Zone.Kind.TIMELINES:
        return "timeline"
    return "article"


def _shown(item, kind, placement, photos, live=False):
    own_photo = item.lead_photo if kind == "article" else item.cover_photo
    photo = own_photo
    if placement is not None and placement.photo_id:
        photo = photos.get(placement.photo_id, own_photo)
    return Shown(
        item=item,
        kind=kind,
        headline=(placement and placement.headline) or item.headline,
        deck=(placement and placement.deck) or item.deck,
        photo=photo,
        crop=placement.crop if placement is not None else "",
        placed=placement is not None,
        live=live,
    )


def _candidates(zones, placed_ids, now, tops):
    """The newest published items for each zone's empty slots, as ids in one query per kind
    of item. A zone may lose items to the zones above it, so each asks for its own slots plus
    theirs.

    Every part of the stories' query walks an index in its order and stops after its rows, so
    the front costs the same at any archive size: a rail reads one range of the per-section
    index per section of its family (a sparse section as cheaply as a busy one), the lead the
    pinned stories' index and the newest stories', the live strip the few running stories."""
    wanted = {"article": [], "gallery": [], "timeline": []}
    earlier = {"article": 0, "gallery": 0, "timeline": 0}
    for zone in zones:
        kind = _fills_with(zone)
        wanted[kind].append((zone, zone.slots + earlier[kind]))
        earlier[kind] += zone.slots

    families = {top.pk: top.family for top in tops}
    published = Article.objects.published(now).exclude(pk__in=placed_ids["article"]).order_by()
    parts = []
    for zone, limit in wanted["article"]:
        if zone.kind == Zone.Kind.LIVE:
            sources = [_live_stories(published, now)]
        elif zone.kind == Zone.Kind.SECTION:
            # A top section's rail shows its children's stories too; a child's, its own.
            family = families.get(zone.section_id, [zone.section_id])
            sources = [published.filter(section_id=pk) for pk in family]
        elif zone.kind == Zone.Kind.LEAD:
            # An editor's pinned story leads, else the newest (the front page before fronts).
            sources = [published.filter(is_pinned=True), published]
        else:
            sources = [published]
        parts += [
            newest_first(source)
            .annotate(zone=Value(zone.key))
            .values_list("zone", "pk", "published_at", "is_pinned")[:limit]
            for source in sources
        ]
    rows = _union(parts)
    for model, kind in ((Gallery, "gallery"), (Timeline, "timeline")):
        newest = model.objects.published(now).exclude(pk__in=placed_ids[kind])
        rows += _union(
            [
                newest_first(newest)
                .annotate(zone=Value(zone.key), pinned=Value(False))
                .values_list("zone", "pk", "published_at", "pinned")[:limit]
                for zone, limit in wanted[kind]
            ]
        )
    # Each zone's rows newest first (a UNION promises no order; the lead's pinned story first),
    # its parts merged, cut to the zone's limit.
    rows.sort(key=lambda row: (row[0] == Zone.Kind.LEAD and row[3], row[2], row[1]), reverse=True)
    limits = {zone.key: limit for kind in wanted for zone, limit in wanted[kind]}
    order, found = {}, {"article": set(), "gallery": set(), "timeline": set()}
    for key, pk, _, _ in rows:
        listed = order.setdefault(key, [])
        if pk not in listed and len(listed) < limits[key]:
            listed.append(pk)
    for zone in zones:
        found[_fills_with(zone)].update(order.get(zone.key, []))
    return {**found, "order": order}


def _union(queries):
    if not queries:
        return []
    if len(queries) == 1:
        return list(queries[0])
    return list(queries[0].union(*queries[1:], all=True))


def _live_stories(queryset, now):
    """Live stories whose coverage is running at `now`."""
    live_now = getattr(type(queryset), "live_now", None)
    if live_now is None:  # live coverage has not landed in this build
        return queryset.none()
    return queryset.live_now(now)


def _live_now(articles, now):
    """Which of the fetched stories are live coverage running at `now` (the rule of
    `live_now()`, read from the coverage fetched with them)."""
    running = set()
    for pk, story in articles.items():
        coverage = story.coverage
        if coverage is not None and (coverage.ended_at is None or coverage.ended_at > now):
            running.add(pk)
    return running


def _articles(pks, specs, now):
    if not pks:
        return {}
    return Article.objects.published(now).for_listing(specs).in_bulk(pks)


def _galleries(pks, specs, now):
    if not pks:
        return {}
    return (
        Gallery.objects.published(now)
        .select_related("cover_photo")
        .prefetch_related(Prefetch("cover_photo__renditions", renditions(specs)))
        .annotate(photo_count=Count("items"))
        .in_bulk(pks)
    )


def _timelines(pks, specs, now):
    if not pks:
        return {}
    return (
        Timeline.objects.published(now)
        .select_related("cover_photo")
        .prefetch_related(Prefetch("cover_photo__renditions", renditions(specs)))
        .in_bulk(pks)
    )


def _photos(pks):
    if not pks:
        return {}
    specs = LEAD_RENDITIONS + list(CROP_SPECS.values())
    return Photo.objects.prefetch_related(Prefetch("renditions", renditions(specs))).in_bulk(pks)
