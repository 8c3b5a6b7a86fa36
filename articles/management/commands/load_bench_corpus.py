"""Build the benchmark corpus on top of the demo: N published articles across eight sections,
with bylines, tags and a lead photo from a pool of generated photos with their renditions.

Shaped like ../shared/bench-wagtail's corpus (same sections, lorem-ipsum bodies of 6 to 12
paragraphs, one to three authors, one to four tags, three years of dates before the seed
story), so the two sites serve comparable pages. Running it again with the same N changes
nothing; a larger N adds the difference. Rows go in with bulk_create, in batches.
"""

import io
import random
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import connection, connections, transaction
from django.utils import lorem_ipsum
from django.utils.text import slugify
from PIL import Image, ImageDraw, ImageFilter
from taggit.models import Tag, TaggedItem

from articles.models import Article, Credit, Person, RelatedItem, Section, Timeline, TimelineEvent
from media_gallery.models import Gallery, GalleryPhoto, Photo
from media_gallery.renditions import generate_renditions
from publishing.models import Status
from reader import fragments

NEW_YORK = ZoneInfo("America/New_York")
SEED_SLUG = "syrian-general-defects"
SEED_PUBLISHED_AT = datetime(2012, 12, 26, 12, 39, tzinfo=NEW_YORK)
SPAN_MINUTES = 3 * 365 * 24 * 60

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

# The stand-in seed story is made only when the demo has not made the real one.
# The seed story's body (../shared/samples/seed-article.txt), for the stand-in.
SEED_BODY = [
    "The spokesman for the Syrian Foreign Ministry, Jihad Makdissi, also left the country in "
    "early December under circumstances that the government characterized as a leave of absence "
    "but that opposition activists said was a defection.",
    "In the video, Shallal is wearing his military uniform and appears calm, saying he had left "
    "the military because of “the diversion of the army from its basic mission of protecting "
    "the country to become gangs of murder and destruction.”",
    "In a phone interview with the al-Arabiya satellite network, Shallal said that numerous "
    "senior government officials would like to defect but are not able to because of close "
    "monitoring by the Syrian security forces.",
    "“Many figures of high rank in the government want to defect, but the situation is not "
    "allowing them to,” he said.",
    "Getting Shallal out of Syria into Turkey was a complicated and dangerous operation that "
    "was planned and coordinated by the Free Syrian Army, a rebel official said. Loay Mokdad, a "
    "logistics officer and spokesman with the rebel force, said that the trip took four days "
    "and involved the use of motorcycles and horses, as well as a long trek through the "
    "mountains along the border between the two countries.",
    "“We welcome all defections and are ready to help, because there is no reason be afraid of "
    "regime retaliation anymore,” Mokdad said, adding that the regime will “end in a few "
    "weeks.”",
    "Shallal’s defection coincides with a string of attacks across the country by the Syrian "
    "military that have left at least 100 people dead, according to the Local Coordination "
    "Committees activist network.",
    "At least 20 people were killed Wednesday in the village of Qahtaniya, in northern Syria, "
    "when the military hammered the area with artillery shells, opposition groups said. A "
    "gruesome video posted online showed several bloody bodies, including those of children, "
    "laid out on a floor.",
    "Despite the apparent unwillingness of both sides to lay down their arms, U.N. envoy "
    "Lakhdar Brahimi arrived in Damascus on Sunday in the latest effort to negotiate a "
    "political solution to the conflict. Brahimi met with several opposition figures in "
    "Damascus on Tuesday and is scheduled to travel to Russia, one of the Syrian government’s "
    "staunchest backers, on Saturday.",
]


def generated_jpeg(seed, size=(2000, 1333)):
    """A distinct photo-like JPEG: a colour gradient, shapes and grain (as bench-wagtail's)."""
    rnd = random.Random(seed)
    width, height = size
    top = tuple(rnd.randrange(40, 220) for _ in range(3))
    bottom = tuple(rnd.randrange(20, 200) for _ in range(3))
    gradient = Image.linear_gradient("L").resize(size)
    picture = Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), gradient)
    draw = ImageDraw.Draw(picture)
    for _ in range(rnd.randint(6, 14)):
        x, y = rnd.randrange(width), rnd.randrange(height)
        w, h = rnd.randrange(80, 700), rnd.randrange(80, 500)
        fill = tuple(rnd.randrange(256) for _ in range(3))
        if rnd.random() < 0.5:
            draw.ellipse((x, y, x + w, y + h), fill=fill)
        else:
            draw.rectangle((x, y, x + w, y + h), fill=fill)
    picture = picture.filter(ImageFilter.GaussianBlur(3))
    grain = Image.effect_noise(size, 24).convert("RGB")
    picture = Image.blend(picture, grain, 0.12)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def _make_renditions(photo_pk):
    generate_renditions(Photo.objects.get(pk=photo_pk))
    connections.close_all()


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
        pool = self.ensure_photo_pool(options["photos"])
        log(f"{len(sections)} sections, {len(people)} people, {len(tags)} tags, {len(pool)} photos")
        self.ensure_renditions(pool)
        log("renditions for every photo in the pool")
        self.ensure_seed_story(pool)
        created = self.create_articles(
            options["articles"], sections, people, tags, pool, options["batch_size"]
        )
        log(f"{created} articles created ({options['articles']} wanted)")
        if connection.vendor == "postgresql":
            # Fresh planner statistics, or PostgreSQL may scan every article for a listing.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
            log("VACUUM ANALYZE")
        fragments.changed(Article)

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

    # Photos --------------------------------------------------------------------------

    def ensure_photo_pool(self, count):
        pool = []
        for n in range(count):
            headline = f"Bench pool photo {n + 1}"
            photo = Photo.objects.filter(headline=headline).first()
            if photo is None:
                photo = Photo(
                    headline=headline,
                    caption=f"Generated placeholder photo {n + 1} for the benchmark corpus.",
                    credit="Demo illustration, generated",
                    alt_text=f"Coloured shapes on a gradient (generated picture {n + 1})",
                )
                photo.image.save(
                    f"bench-photo-{n + 1}.jpg", ContentFile(generated_jpeg(n)), save=False
                )
                photo.save()
            pool.append(photo)
        return pool

    def ensure_renditions(self, photos):
        missing = [p.pk for p in photos if not p.renditions.exists()]
        if not missing:
            return
        # Encoding is CPU-bound: one process per core, each with its own connection.
        connections.close_all()
        with ProcessPoolExecutor() as workers:
            list(workers.map(_make_renditions, missing))

    # The seed story (a stand-in until the demo makes the real one) -------------------

    def ensure_seed_story(self, pool):
        if Article.objects.filter(slug=SEED_SLUG).exists():
            return
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
                caption=(
                    "In this image made from video broadcast on Al Arabiya TV on Dec. 25, 2012, "
                    "Syrian Maj. Gen. Abdul-Aziz Jassem al-Shallal makes remarks saying he is "
                    "joining “the people’s revolution.” (Demo illustration.)"
                ),
                credit="Al Arabiya TV via AP",
                alt_text="A general in uniform speaks to a camera (generated illustration)",
            )
            lead.image.save("seed-lead.jpg", ContentFile(generated_jpeg(1000)), save=False)
            lead.save()
            gallery, _ = Gallery.objects.get_or_create(
                slug="the-destruction-of-aleppo",
                defaults={
                    "headline": "The destruction of Aleppo",
                    "deck": "The city that used to be the commercial capital of Syria is "
                    "now a site of ruin as the civil war takes its toll.",
                    "status": Status.PUBLISHED,
                    "published_at": SEED_PUBLISHED_AT - timedelta(hours=2),
                    "cover_photo": pool[1],
                },
            )
            for order, photo in enumerate(pool[1:4]):
                GalleryPhoto.objects.get_or_create(
                    gallery=gallery, photo=photo, defaults={"order": order}
                )
            timeline, created = Timeline.objects.get_or_create(
                slug="syria-uprising",
                defaults={
                    "headline": "Syria’s uprising",
                    "deck": "Major events in the country’s tumultuous uprising that began in "
                    "March 2011.",
                    "status": Status.PUBLISHED,
                    "published_at": SEED_PUBLISHED_AT - timedelta(hours=2),
                },
            )
            if created:
                for day, precision, headline in [
                    (date(2011, 3, 1), 2, "Protests erupt in Daraa"),
                    (date(2012, 12, 1), 2, "Foreign Ministry spokesman leaves"),
                    (date(2012, 12, 25), 3, "Military police chief defects"),
                ]:
                    TimelineEvent.objects.create(
                        timeline=timeline, date=day, precision=precision, headline=headline
                    )
            seed = Article.objects.create(
                headline="Syrian general defects, saying others in the government want to follow",
                slug=SEED_SLUG,
                section=middle_east if middle_east.parent_id == world.pk else world,
                deck="Maj. Gen. Abdul-Aziz Jassem al-Shallal says many senior officials want to "
                "leave but are too closely watched",
                dateline="BEIRUT",
                body="".join(f"<p>{paragraph}</p>" for paragraph in SEED_BODY),
                lead_photo=lead,
                status=Status.PUBLISHED,
                published_at=SEED_PUBLISHED_AT,
            )
            Credit.objects.create(article=seed, person=babak, role=Credit.Role.BYLINE)
            for order, person in enumerate(contributors):
                Credit.objects.create(
                    article=seed, person=person, role=Credit.Role.CONTRIBUTOR, order=order
                )
            seed.tags.add("Syria", "Middle East", "Civil war")
            RelatedItem.objects.create(article=seed, order=0, target_gallery=gallery)
            RelatedItem.objects.create(article=seed, order=1, target_timeline=timeline)
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
        article = Article(
            headline=headline,
            slug=f"{slugify(headline)[:100]}-b{n + 1}",
            section=section,
            kicker=section.name,
            deck=deck,
            dateline=rnd.choice(DATELINES),
            body=body,
            lead_photo=rnd.choice(pool),
            status=Status.PUBLISHED,
            published_at=published_at,
            version=1,
        )
        return {
            "article": article,
            "authors": rnd.sample(people, rnd.randint(1, 3)),
            "tags": rnd.sample(tags, rnd.randint(1, 4)),
        }
