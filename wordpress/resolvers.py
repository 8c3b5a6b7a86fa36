"""What a post's content names, found for the converter (`content.Converter`): attachments
as photos, and `[gallery]`s and gallery blocks as galleries made for the post."""

from media_gallery.models import Gallery, GalleryPhoto

from . import people
from .models import ImportedItem

SUMMARY = "Imported from WordPress"


def html_text(value):
    from html import unescape

    from django.utils.html import strip_tags

    return " ".join(unescape(strip_tags(value or "")).split())


class DryResolver:
    """For a dry run: the photos that would be, galleries as if made."""

    def __init__(self, run):
        self.run, self.galleries = run, []

    def photo(self, attachment_id, url):
        if attachment_id in self.run.attachments:
            return self.run.photo_for(attachment_id)
        found = self.run.photo_by_url(url) if url else None
        if found is None and attachment_id:
            self.run.photo_for(attachment_id)  # reported: named, but not in the export
        return found

    def gallery(self, attachment_ids):
        return 1 if any(map(self.run.photo_for, attachment_ids)) else None

    def attached_to(self, post_id):
        return self.run.children.get(post_id, [])


class Resolver(DryResolver):
    """What the content names, as stored rows: photos, and galleries made for the post."""

    def __init__(self, run, item, article):
        super().__init__(run)
        self.item, self.article = item, article

    def gallery(self, attachment_ids):
        photos = list(dict.fromkeys(p for p in map(self.run.photo_for, attachment_ids) if p))
        if not photos:
            return None
        key = f"{self.item.post_id}:{len(self.galleries) + 1}"
        done = self.run.done.get((ImportedItem.Kind.GALLERY, key))
        gallery = done.gallery if done is not None else None
        if gallery is None:
            gallery = Gallery(
                headline=f"Photos: {html_text(self.item.title)}"[:255] or "Photos",
                slug=people.unique_slug(Gallery, f"{self.article.slug}-photos", "photos"),
                created_by=None,
            )
        gallery.cover_photo_id = photos[0]
        gallery.save(revision_summary=SUMMARY)
        GalleryPhoto.objects.filter(gallery=gallery).delete()
        GalleryPhoto.objects.bulk_create(
            GalleryPhoto(gallery=gallery, photo_id=pk, order=n) for n, pk in enumerate(photos)
        )
        ImportedItem.objects.get_or_create(
            site=self.run.site, kind=ImportedItem.Kind.GALLERY, key=key,
            defaults={"gallery": gallery},
        )  # fmt: skip
        self.galleries.append(gallery)
        self.run.report.imported["galleries"] += 1 if done is None else 0
        return gallery.pk
