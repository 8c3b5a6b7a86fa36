"""`import_wordpress`'s work: read the export twice as a stream (first to learn its site,
people, categories and attachments and to check that the whole file reads, without writing;
then to import), and take in each post, page and attachment in its own transaction.

Each item is matched by (site, WordPress id) in `ImportedItem`: a second run skips what has
not changed, an interrupted run resumes where it stopped, and a post changed in WordPress
since is updated unless the desk edited the story meanwhile.
"""

import hashlib
import json
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import unquote, urlsplit

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction

from articles.body import clean_body
from articles.models import Article, Credit, OldArticleURL, Section
from media_gallery.models import Photo
from media_gallery.services import RENDITIONS_BACKGROUND, prepare_upload, save_picture
from publishing import revisions, services
from publishing.models import Status

from . import people, wxr
from .content import Converter
from .media import Attachment, Files, Unavailable, relative_key, url_key
from .models import ImportedItem
from .report import Progress, Report
from .resolvers import SUMMARY, DryResolver, Resolver, html_text

STATUSES = {"publish": Status.PUBLISHED, "future": Status.PUBLISHED, "draft": Status.DRAFT,
            "pending": Status.READY}  # fmt: skip
# Pictures read and cleaned ahead of the one that is being stored, on this many threads
# (Pillow decodes and encodes outside the GIL).
THREADS, AHEAD = 2, 4


class Import:
    def __init__(self, path, *, files=None, pages_section=None, dry_run=False, progress=None):
        self.path, self.files, self.dry_run = str(path), files or Files(), dry_run
        self.pages_section_slug, self.progress_stream = pages_section, progress
        self.report = Report(export=self.path, dry_run=dry_run)
        self.site = None
        self.authors, self.guests, self.categories = {}, {}, []
        self.attachments, self.by_url, self.children = {}, {}, {}
        self.totals = {"post": 0, "page": 0, "attachment": 0}
        self.people, self.sections, self.photos, self.failed = {}, {}, {}, set()
        self.done = {}  # (kind, key) -> ImportedItem, for this site

    # --- the two passes ---------------------------------------------------------------------

    def run(self):
        started = time.monotonic()
        self.scan()
        self.prepare()
        progress = Progress(sum(self.totals.values()), self.progress_stream)
        self.take_in_attachments(progress)
        for event, value in wxr.read_export(self.path):
            if event != "item":
                continue
            self.item(value)
            if value.post_type in ("post", "page"):
                progress.step(self.report.imported)
        progress.close()
        self.report.seconds = time.monotonic() - started
        return self.report

    def scan(self):
        """First pass, read only: the whole file must read before anything is written."""
        report = self.report
        for event, value in wxr.read_export(self.path):
            if event == "site":
                self.site = value.key
                report.site = value.key
            elif event == "author":
                self.authors[value.login] = people.from_user(value)
            elif event == "term" and value.taxonomy == "category":
                self.categories.append(value)
            elif event == "term" and value.taxonomy == "nav_menu":
                report.not_imported["menus"] += 1
            elif event == "mended" and any(value):
                report.notes.append(
                    f"The export is not all valid UTF-8: {value[0]} bytes were read as "
                    f"Windows-1252 and {value[1]} control characters XML forbids were dropped."
                )
            elif event == "item":
                self.scan_item(value)

    def scan_item(self, item):
        kind = item.post_type
        if kind == "attachment":
            attachment = Attachment.from_item(item)
            self.attachments[item.post_id] = attachment
            for key in (url_key(attachment.url), relative_key(attachment.relative)):
                if key:
                    self.by_url.setdefault(key, item.post_id)
            self.children.setdefault(item.parent, []).append(item.post_id)
            self.totals["attachment"] += 1
        elif kind == "guest-author":
            guest = people.from_guest(item)
            self.guests[guest.login] = guest
            self.guests.setdefault(item.name.removeprefix("cap-"), guest)  # its term's slug
        elif kind in ("post", "page"):
            self.totals[kind] += 1

    def prepare(self):
        if not self.site:
            raise wxr.ExportError(f"{self.path} names no site (no <link> or wp:base_site_url).")
        for row in ImportedItem.objects.filter(site=self.site):
            self.done[(row.kind, row.key)] = row
            if row.kind in (ImportedItem.Kind.AUTHOR, ImportedItem.Kind.GUEST_AUTHOR):
                self.people[(row.kind, row.key)] = row.person
            elif row.kind == ImportedItem.Kind.ATTACHMENT:
                self.photos[int(row.key)] = row.photo_id
        known = {
            row.key: row.section
            for row in ImportedItem.objects.filter(
                site=self.site, kind=ImportedItem.Kind.CATEGORY
            ).select_related("section")
        }
        self.sections = people.sections_for(
            self.site, self.categories, known, self.report, self.dry_run
        )
        if self.pages_section_slug:
            self.pages_section = Section.objects.filter(slug=self.pages_section_slug).first()
            if self.pages_section is None:
                raise wxr.ExportError(
                    f"There is no section “{self.pages_section_slug}” for --pages. Create it "
                    "in the admin (Sections), or name an existing one."
                )

    # --- one item ---------------------------------------------------------------------------

    def item(self, item):
        report, kind = self.report, item.post_type
        if item.comments:
            report.not_imported["comments"] += item.comments
        if kind == "attachment":
            pass  # taken in before the posts (take_in_attachments)
        elif kind in ("post", "page"):
            if kind == "page" and not self.pages_section_slug:
                report.not_imported["pages (import them with --pages SECTION)"] += 1
            elif item.status == "private" or item.password:
                report.not_imported[f"private or password-protected {kind}s"] += 1
                report.skip(f"{kind.capitalize()} #{item.post_id} “{item.title}”", "private")
            elif item.status not in STATUSES:
                report.not_imported[f"{kind}s in the {item.status or 'unknown'} state"] += 1
            else:
                self.story(item)
        elif kind == "nav_menu_item":
            report.not_imported["menu items"] += 1
        elif kind != "guest-author":
            report.not_imported[f"items of type “{kind}”"] += 1

    def story(self, item):
        what = f"{item.post_type.capitalize()} #{item.post_id} “{item.title[:60]}”"
        try:
            self._story(item, what)
        except (ValidationError, PermissionDenied, DatabaseError, ValueError) as error:
            messages = getattr(error, "messages", None) or [str(error)]
            self.report.skip(what, "; ".join(messages)[:1000])

    def _story(self, item, what):
        report, kind = self.report, item.post_type
        source_hash = _hash(item, self.pages_section_slug if kind == "page" else "")
        done = self.done.get((kind, str(item.post_id)))
        if done is not None and done.article_id and done.source_hash == source_hash:
            report.unchanged[f"{kind}s"] += 1
            return
        article = done.article if done is not None and done.article_id else None
        if article is not None and article.version != done.imported_version:
            report.skip(what, "changed in Newsroom since it was imported; not overwritten")
            return
        if self.dry_run:
            body = Converter(DryResolver(self), item.post_id)
            clean_body(body.convert(item.content))
            self.slug_for(item, None, what)
            self.byline(item)
            report.content.update(body.notes)
            report.imported[f"{kind}s"] += 1
            return
        with transaction.atomic():
            new = article is None
            article = article or Article(created_by=None)
            self.fill(article, item, what)
            converter = Converter(Resolver(self, item, article), item.post_id)
            article.body = converter.convert(item.content)
            article.save(record_revision=False)
            self.credit(article, item, new)
            self.tag(article, item, new)
            status = STATUSES[item.status]
            publish = status == Status.PUBLISHED and article.status != Status.PUBLISHED
            if not (new and publish):  # publishing keeps the first revision, below
                revisions.record(article, None, SUMMARY if new else f"Updated: {SUMMARY.lower()}")
            if new and not publish:
                services.record_transition(article, None, status, None, SUMMARY)
            if publish:
                article.published_at = item.date_gmt or item.pub_date
                services.publish_many([article], None, note=SUMMARY)
            for gallery in converter.resolver.galleries:
                gallery.status, gallery.published_at = article.status, article.published_at
                if article.status == Status.PUBLISHED:
                    services.publish_many([gallery], None, note=SUMMARY)
            values = {"article": article, "old_path": _old_path(item.link),
                      "source_hash": source_hash, "imported_version": article.version}  # fmt: skip
            if done is None:
                done = ImportedItem.objects.create(
                    site=self.site, kind=kind, key=str(item.post_id), **values
                )
            else:
                ImportedItem.objects.filter(pk=done.pk).update(**values)
        self.done[(kind, str(item.post_id))] = done
        report.content.update(converter.notes)
        (report.imported if new else report.updated)[f"{kind}s"] += 1

    def fill(self, article, item, what):
        article.headline = (html_text(item.title) or f"(untitled {item.post_type})")[:255]
        article.deck = html_text(item.excerpt)
        if article.pk is None:
            article.slug = self.slug_for(item, article, what)
            article.status = STATUSES[item.status]
            if article.status == Status.PUBLISHED:
                article.status = Status.DRAFT  # published through the service, below
        if item.post_type == "page":
            article.section = self.pages_section
        else:
            article.section = self.section_for(item)
        thumbnail = _thumbnail(item)
        article.lead_photo_id = self.photos.get(thumbnail) if thumbnail else None

    def slug_for(self, item, article, what):
        wanted = unquote(item.name or "") or item.title
        taken = {p.rsplit("/", 2)[-2] for p in OldArticleURL.objects.filter(
            path__endswith=f"/{people.slugify(wanted)}/").values_list("path", flat=True)}  # fmt: skip
        slug = people.unique_slug(Article, wanted, f"{item.post_type}-{item.post_id}", taken=taken)
        if slug != (item.name or ""):
            self.report.renamed.append((what, item.name or "(none)", slug))
        return slug

    def section_for(self, item):
        for slug, _name in item.terms_of("category"):
            if self.sections.get(slug) is not None:
                return self.sections[slug]
        section, _ = Section.objects.get_or_create(
            slug="uncategorized", defaults={"name": "Uncategorized"}
        )
        return section

    def credit(self, article, item, new):
        if not new:
            Credit.objects.filter(article=article).delete()
        Credit.objects.bulk_create(
            Credit(article=article, person=person, role=Credit.Role.BYLINE, order=order)
            for order, person in enumerate(self.byline(item))
        )

    def byline(self, item):
        """Co-Authors Plus's authors in their order, else the post's author."""
        names = [slug.removeprefix("cap-") for slug, _name in item.terms_of("author")]
        names = [n for n in names if n] or [item.creator]
        found = []
        for login in names:
            author = self.authors.get(login) or self.guests.get(login)
            if author is None:
                author = people.Author(ImportedItem.Kind.GUEST_AUTHOR, login, login)
                self.report.notes.append(f"Author “{login}” is not described in the export.")
            person, how = people.person_for(self.site, author, self.people, self.dry_run)
            if how in ("created", "linked"):
                self.report.imported[f"people ({how})"] += 1
            if person is not None and person not in found:
                found.append(person)
        return found

    def tag(self, article, item, new):
        names = [name for _slug, name in item.terms_of("post_tag")]
        categories = item.terms_of("category")
        # A story has one section: its other categories are kept as tags.
        names += [name for _slug, name in categories[1:]]
        names = list(dict.fromkeys(n.strip()[:100] for n in names if n.strip()))
        if new:
            article.tags.add(*names)
        else:
            article.tags.set(names)

    # --- photos -----------------------------------------------------------------------------

    def take_in_attachments(self, progress):
        """Every picture attachment as a photo, before the posts that show them: files read and
        pictures checked and cleaned (`prepare_upload`, no database) a few ahead on worker
        threads, each stored here in its own transaction."""
        todo = [a for pk, a in self.attachments.items() if pk not in self.photos]
        with ThreadPoolExecutor(max_workers=THREADS) as pool:
            window = deque()
            for attachment in todo:
                window.append((attachment, pool.submit(self.prepared, attachment)))
                if len(window) > AHEAD:
                    self.store(*window.popleft())
                    progress.step(self.report.imported)
            while window:
                self.store(*window.popleft())
                progress.step(self.report.imported)

    def prepared(self, attachment):
        """The attachment's file read, checked and cleaned (on a worker thread), or why not."""
        if not attachment.is_picture:
            return None
        try:
            if self.dry_run:
                return self.files.exists(attachment)
            return prepare_upload(self.files.read(attachment))
        except (Unavailable, ValidationError) as error:
            return error

    def store(self, attachment, future):
        what, result = f"Attachment #{attachment.post_id}", future.result()
        if result is None:
            self.report.not_imported["attachments that are not pictures"] += 1
            return
        if isinstance(result, Unavailable):
            self.report.missing_files.append((what, attachment.file_name, str(result)))
            return
        if isinstance(result, ValidationError):
            reason = "refused by the photo desk's checks: " + " ".join(result.messages)
            self.report.missing_files.append((what, attachment.file_name, reason))
            return
        self.report.imported["photos"] += 1
        if self.dry_run:
            self.photos[attachment.post_id] = attachment.post_id
            return
        with transaction.atomic():
            photo = Photo(**attachment.photo_fields())
            save_picture(photo, result, renditions=RENDITIONS_BACKGROUND)
            ImportedItem.objects.create(
                site=self.site, kind=ImportedItem.Kind.ATTACHMENT,
                key=str(attachment.post_id), photo=photo,
            )  # fmt: skip
        self.photos[attachment.post_id] = photo.pk

    def photo_for(self, attachment_id):
        """The photo an attachment became; None (reported once) when it is not in the export
        or its file could not be had."""
        if attachment_id in self.photos or attachment_id in self.attachments:
            return self.photos.get(attachment_id)
        if attachment_id not in self.failed:
            self.failed.add(attachment_id)
            self.report.missing_files.append(
                (f"Attachment #{attachment_id}", "?", "a post names it; it is not in the export")
            )
        return None

    def photo_by_url(self, url):
        """The photo of an upload's address, whatever size of it the post shows."""
        attachment_id = self.by_url.get(url_key(url))
        return self.photos.get(attachment_id) if attachment_id else None


def _thumbnail(item):
    try:
        return int(item.meta.get("_thumbnail_id") or 0)
    except ValueError:
        return 0


def _old_path(link):
    parts = urlsplit(link or "")
    path = unquote(parts.path or "/")
    return (f"{path}?{parts.query}" if parts.query else path)[:1000]


def _hash(item, extra=""):
    source = [item.title, item.content, item.excerpt, item.status, item.name,
              str(item.date_gmt), item.terms, item.meta.get("_thumbnail_id"), item.creator,
              item.link, extra]  # fmt: skip
    return hashlib.sha256(json.dumps(source, default=str).encode()).hexdigest()
