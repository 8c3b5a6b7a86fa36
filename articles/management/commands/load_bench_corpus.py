"""Build the benchmark corpus on top of the demo: N published articles across eight sections,
with bylines, tags and a lead photo from a pool of generated photos with their renditions.

Shaped like ../shared/bench-wagtail's corpus (same sections, lorem-ipsum bodies of 6 to 12
paragraphs, one to three authors, one to four tags, three years of dates before the seed
story), so the two sites serve comparable pages. Running it again with the same N changes
nothing; a larger N adds the difference. Rows go in with bulk_create, in batches.
"""

import random
import time
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import lorem_ipsum
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem

from articles.body import clean_body, elements, read_body, search_text
from articles.demo import content
from articles.demo.builder import add_events, paragraphs_html
from articles.demo.corpus_photos import ensure_photo_pool, ensure_renditions, generated_jpeg
from articles.models import (
    Article,
    Credit,
    LiveCoverage,
    LivePost,
    LivePostCredit,
    Person,
    RelatedItem,
    Section,
    Timeline,
)
from media_gallery.models import Gallery, GalleryPhoto, Photo
from media_gallery.renditions import generate_renditions
from publishing import services
from reader import changes

# The corpus is dated before the demo's seed story, which keeps the lead of the front page.
SEED_PUBLISHED_AT = content.seed_story()["published_at"]
SPAN_MINUTES = 3 * 365 * 24 * 60
ELEMENT_STORY_SLUG = "bench-story-with-elements"
LIVE_STORY_SLUG = "bench-live-story"
LIVE_POSTS = 500

SECTIONS = ["World", "National", "Politics", "Business", "Technology", "Science", "Sports", "Arts"]
WORLD_CHILDREN = ["Middle East", "Europe", "Asia", "Africa", "Americas"]
FIRST_NAMES = [
    "Anna", "Omar", "Lucia", "Daniel", "Mei", "Tomasz", "Grace", "Ibrahim", "Sofia", "Kwame",
    "Hannah", "Ravi", "Elena", "Samuel", "Yuki", "Carlos", "Nadia", "Peter", "Amara", "Jonas",
]  # fmt: skip
LAST_NAMES = [
    "Keller", "Haddad", "Moreno", "Okafor", "Lindqvist", "Chen", "Brennan", "Nowak", "Rahman",
    "Dubois", "Silva", "Mensah", "Fischer", "Kowalski", "Tanaka", "Reyes", "Murphy", "Santos",
    "Novak", "Abadi",
]  # fmt: skip
SUBJECTS = [
    "City council", "Regulators", "Lawmakers", "The central bank", "Researchers", "Union leaders",
    "Health officials", "Prosecutors", "Election officials", "The school board", "Transit agency",
    "State auditors", "Farmers", "Museum trustees", "Coaches", "Port authority",
]  # fmt: skip
VERBS = ["weigh", "approve", "delay", "reject", "review", "question", "extend", "debate", "back",
         "revise"]  # fmt: skip
OBJECTS = [
    "new transit budget", "plan to expand the port", "changes to water rates",
    "limits on night flights", "stadium funding request", "rules for short-term rentals",
    "merger of two regional banks", "study of river pollution", "overhaul of school lunches",
    "bid to host the games", "tax on vacant homes", "cuts to library hours",
    "contract for new trains", "museum's acquisition policy", "wage agreement",
]  # fmt: skip
TAGS = [
    "Elections", "Budget", "Courts", "Climate", "Health", "Education", "Transport", "Housing",
    "Energy", "Trade", "Labor", "Immigration", "Defense", "Diplomacy", "Technology", "Science",
    "Football", "Basketball", "Music", "Film", "Books", "Theater", "Markets", "Banking",
    "Agriculture", "Water", "Europe", "Asia", "Africa", "Latin America", "Middle East",
    "Public safety", "Aviation", "Media",
]  # fmt: skip
DATELINES = ["WASHINGTON", "NEW YORK", "LONDON", "BRUSSELS", "NAIROBI", "TOKYO", ""]


class Command(BaseCommand):
    help = "Build the benchmark corpus (N articles with photos) on top of the demo."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=20000, help="Generated articles.")
        parser.add_argument("--photos", type=int, default=50, help="Generated photos in the pool.")
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args, **options):
        started = time.monotonic()

        def log(what):
            self.stdout.write(f"[{time.monotonic() - started:6.1f}s] {what}")

        sections = self.ensure_sections()
        people = self.ensure_people()
        tags = self.ensure_tags()
        pool = ensure_photo_pool(options["photos"])
        log(f"{len(sections)} sections, {len(people)} people, {len(tags)} tags, {len(pool)} photos")
        ensure_renditions(pool)
        log("renditions for every photo in the pool")
        self.ensure_seed_story(pool)
        self.ensure_element_story(pool, people)
        self.ensure_live_story(pool, people)
        created = self.create_articles(
            options["articles"], sections, people, tags, pool, options["batch_size"]
        )
        log(f"{created} articles created ({options['articles']} wanted)")
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # Fresh planner statistics, or PostgreSQL may scan every article for a listing.
            # (VACUUM cannot run inside a transaction, as it is when a test calls the command.)
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
            log("VACUUM ANALYZE")
        changes.changed(Article)

    def ensure_element_story(self, pool, people):
        """A story built with elements: 20 inline photos, 10 embeds and a table, published the
        day before the seed story (`make bench` measures its page)."""
        if Article.objects.filter(slug=ELEMENT_STORY_SLUG).exists():
            return
        providers = [
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://vimeo.com/76979871",
            "https://x.com/newsroom/status/1234567890123456789",
            "https://open.spotify.com/episode/0Q86acNRm6V9GYx55SXKwf",
            "https://www.datawrapper.de/_/AbCdE/",
        ]
        parts = []
        for n in range(20):
            parts.append(f"<p>Paragraph {n + 1} of the story told in pictures.</p>")
            parts.append(
                elements.Photo(pool[n % len(pool)].pk, ("inline", "wide")[n % 2]).to_html()
            )
            if n % 2:
                parts.append(elements.Embed(providers[(n // 2) % len(providers)]).to_html())
        rows = [["Ward", "Votes", "Share"]] + [
            [f"Ward {n}", str(n * 37), f"{n}%"] for n in range(1, 21)
        ]
        parts.append(elements.Table(rows, "Votes by ward", "Bench corpus").to_html())
        story = Article(
            slug=ELEMENT_STORY_SLUG,
            headline="A story told with 20 photos, 10 embeds and a table",
            deck="The benchmark's story with elements.",
            section=Section.objects.get(slug="world"),
            body="".join(parts),
            lead_photo=pool[0],
            published_at=SEED_PUBLISHED_AT - timedelta(days=1),
        )
        story.save(record_revision=False)
        Credit.objects.create(article=story, person=people[0], role=Credit.Role.BYLINE)
        services.publish_many([story], user=None, note="Benchmark corpus")

    def ensure_live_story(self, pool, people):
        """A live story still running, with 500 published posts (one pinned, every 25th a key
        event, every 10th with a photo), two days before the seed story: `make bench`
        measures its page and its update endpoint. Posts go in with bulk_create, as the
        corpus's articles do; the story is published through the publishing service."""
        if Article.objects.filter(slug=LIVE_STORY_SLUG).exists():
            return
        start = SEED_PUBLISHED_AT - timedelta(days=2)
        story = Article(
            slug=LIVE_STORY_SLUG,
            headline="Live: the benchmark's storm, hour by hour",
            deck="The benchmark's live story with 500 posts.",
            article_type=Article.ArticleType.LIVE,
            section=Section.objects.get(slug="national"),
            lead_photo=pool[1 % len(pool)],
            published_at=start,
        )
        story.save(record_revision=False)
        Credit.objects.create(article=story, person=people[1], role=Credit.Role.BYLINE)
        LiveCoverage.objects.filter(article=story).update(
            key_points="Landfall expected overnight\nEvacuation orders along the coast",
            started_at=start,
        )
        rng = random.Random(LIVE_STORY_SLUG)
        posts = []
        for n in range(LIVE_POSTS):
            body = paragraphs_html(lorem_ipsum.paragraphs(rng.randint(1, 3), common=False))
            if n % 10 == 0:
                body += elements.Photo(pool[n % len(pool)].pk).to_html()
            moment = start + timedelta(minutes=5 * n)
            posts.append(
                LivePost(
                    story=story,
                    status=LivePost.Status.PUBLISHED,
                    published_at=moment,
                    changed_at=moment,
                    title=f"Update {n + 1}" if n % 3 == 0 else "",
                    body=clean_body(body),
                    is_key_event=n % 25 == 0,
                    is_pinned=n == LIVE_POSTS - 10,
                    version=1,
                )
            )
        posts = LivePost.objects.bulk_create(posts)
        LivePostCredit.objects.bulk_create(
            LivePostCredit(post=post, person=people[n % len(people)], order=0)
            for n, post in enumerate(posts)
        )
        services.publish_many([story], user=None, note="Benchmark corpus")

    # Sections, people, tags -------------------------------------------------------------

    def ensure_sections(self):
        """Leaf sections to file stories in: World's children count as World."""
        leaves = []
        for order, name in enumerate(SECTIONS):
            top, _ = Section.objects.get_or_create(
                slug=slugify(name), defaults={"name": name, "order": order}
            )
            if name == "World":
                group = [top]
                for child_order, child in enumerate(WORLD_CHILDREN):
                    section, _ = Section.objects.get_or_create(
                        slug=slugify(child),
                        defaults={"name": child, "parent": top, "order": child_order},
                    )
                    group.append(section)
                leaves.append(group)
            else:
                leaves.append([top])
        return leaves

    def ensure_people(self):
        names = [f"{first} {last}" for first in FIRST_NAMES for last in LAST_NAMES]
        random.Random(2012).shuffle(names)
        names = names[:150]
        wanted = {f"bench-{slugify(name)}": name for name in names}
        existing = set(Person.objects.filter(slug__in=wanted).values_list("slug", flat=True))
        Person.objects.bulk_create(
            Person(name=name, slug=slug, job_title="Staff writer")
            for slug, name in wanted.items()
            if slug not in existing
        )
        by_slug = Person.objects.in_bulk(list(wanted), field_name="slug")
        return [by_slug[slug] for slug in wanted]

    def ensure_tags(self):
        tags = []
        for name in TAGS:
            tag = Tag.objects.filter(slug=slugify(name)).first()
            tags.append(tag or Tag.objects.create(name=name, slug=slugify(name)))
        return tags

    # The seed story (a stand-in until the demo makes the real one) -------------------

    def ensure_seed_story(self, pool):
        """The seed story with its gallery and timeline, in the demo's words, for a corpus
        built without the demo; published through the publishing service as a loader does."""
        story = content.seed_story()
        if Article.objects.filter(slug=story["slug"]).exists():
            return
        gallery_spec, timeline_spec = content.gallery(), content.timeline()
        with transaction.atomic():
            world = Section.objects.get(slug="world")
            middle_east = Section.objects.get(slug="middle-east")
            babak, _ = Person.objects.get_or_create(
                slug="babak-dehghanpisheh",
                defaults={"name": "Babak Dehghanpisheh", "job_title": "Beirut correspondent"},
            )
            contributors = [
                Person.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]
                for name in ("Ahmed Ramadan", "Suzan Haidamous")
            ]
            lead = Photo(
                headline="Syrian Maj. Gen. Abdul-Aziz Jassem al-Shallal on Al Arabiya TV",
                caption=f"{story['lead_photo']['caption']} (Demo illustration.)",
                credit=story["lead_photo"]["credit"],
                alt_text="A general in uniform speaks to a camera (generated illustration)",
            )
            lead.image.save("seed-lead.jpg", ContentFile(generated_jpeg(1000)), save=False)
            lead.save()
            seed = Article.objects.create(
                headline=story["headline"],
                slug=story["slug"],
                section=middle_east if middle_east.parent_id == world.pk else world,
                deck=story["deck"],
                dateline=story["dateline"],
                body=paragraphs_html(story["body"]),
                lead_photo=lead,
            )
            Credit.objects.create(article=seed, person=babak, role=Credit.Role.BYLINE)
            for order, person in enumerate(contributors):
                Credit.objects.create(
                    article=seed, person=person, role=Credit.Role.CONTRIBUTOR, order=order
                )
            seed.tags.add("Syria", "Middle East", "Civil war")
            gallery, new_gallery = Gallery.objects.get_or_create(
                slug=gallery_spec["slug"],
                defaults={
                    "headline": gallery_spec["headline"],
                    "deck": gallery_spec["deck"],
                    "cover_photo": pool[1],
                },
            )
            if new_gallery:
                for order, photo in enumerate(pool[1:4]):
                    GalleryPhoto.objects.create(gallery=gallery, photo=photo, order=order)
            timeline, new_timeline = Timeline.objects.get_or_create(
                slug=timeline_spec["slug"],
                defaults={"headline": timeline_spec["headline"], "deck": timeline_spec["deck"]},
            )
            if new_timeline:
                add_events(timeline, timeline_spec["events"], {seed.slug: seed})
            RelatedItem.objects.create(article=seed, order=0, target_gallery=gallery)
            RelatedItem.objects.create(article=seed, order=1, target_timeline=timeline)
            # A command has no editor to publish as: publish_many takes None for "a loader".
            earlier = story["published_at"] - timedelta(hours=2)
            for item, new, at in [
                (gallery, new_gallery, earlier),
                (timeline, new_timeline, earlier),
                (seed, True, story["published_at"]),
            ]:
                if new:
                    item.published_at = at
                    services.publish_many([item], note="Benchmark corpus (stand-in seed story)")
        generate_renditions(lead)

    # The corpus ----------------------------------------------------------------------

    def create_articles(self, count, sections, people, tags, pool, batch_size):
        article_type = ContentType.objects.get_for_model(Article)
        created = 0
        for start in range(0, count, batch_size):
            planned = [
                self.plan(n, sections, people, tags, pool)
                for n in range(start, min(count, start + batch_size))
            ]
            existing = set(
                Article.objects.filter(slug__in=[p["article"].slug for p in planned]).values_list(
                    "slug", flat=True
                )
            )
            planned = [p for p in planned if p["article"].slug not in existing]
            if not planned:
                continue
            with transaction.atomic():
                rows = Article.objects.bulk_create([p["article"] for p in planned])
                credits, tagged = [], []
                for plan, row in zip(planned, rows, strict=True):
                    credits += [
                        Credit(article=row, person=person, role=Credit.Role.BYLINE, order=order)
                        for order, person in enumerate(plan["authors"])
                    ]
                    tagged += [
                        TaggedItem(content_type=article_type, object_id=row.pk, tag=tag)
                        for tag in plan["tags"]
                    ]
                Credit.objects.bulk_create(credits)
                TaggedItem.objects.bulk_create(tagged)
                # Made as drafts with their time set; published (transition and revision
                # each) once their bylines and tags are in, so the revisions hold them.
                services.publish_many(rows, note="Benchmark corpus")
            created += len(planned)
        return created

    def plan(self, n, sections, people, tags, pool):
        """Article number n, the same every run."""
        rnd = random.Random(n)
        group = sections[n % len(sections)]
        section = group[(n // len(sections)) % len(group)]
        headline = f"{rnd.choice(SUBJECTS)} {rnd.choice(VERBS)} {rnd.choice(OBJECTS)}"
        published_at = SEED_PUBLISHED_AT - timedelta(minutes=rnd.randrange(60, SPAN_MINUTES))
        lorem = random.Random(n)
        # lorem_ipsum uses the random module's global generator: seed it for repeatable text.
        random.seed(n)
        body = "".join(
            f"<p>{p}</p>" for p in lorem_ipsum.paragraphs(lorem.randint(6, 12), common=False)
        )
        deck = lorem_ipsum.sentence()
        # bulk_create skips Article.save: the words search reads are taken here, the one way.
        body_text, elements_text = search_text(read_body(body))
        article = Article(
            headline=headline,
            slug=f"{slugify(headline)[:100]}-b{n + 1}",
            section=section,
            kicker=section.name,
            deck=deck,
            dateline=rnd.choice(DATELINES),
            body=body,
            body_text=body_text,
            elements_text=elements_text,
            lead_photo=rnd.choice(pool),
            published_at=published_at,
        )
        return {
            "article": article,
            "authors": rnd.sample(people, rnd.randint(1, 3)),
            "tags": rnd.sample(tags, rnd.randint(1, 4)),
        }
