from django.apps import AppConfig


class MediaGalleryConfig(AppConfig):
    name = "media_gallery"
    verbose_name = "Photos and galleries"

    def ready(self):
        from taggit.models import Tag, TaggedItem

        from reader import changes, keys

        from .models import Gallery, Photo

        # Every change to photos, renditions, galleries and their tags may show on a page.
        changes.watch(*self.get_models(), Tag, TaggedItem)
        # What a page shows, named in its surrogate keys (reader.keys).
        keys.keyed(Photo, Gallery)
