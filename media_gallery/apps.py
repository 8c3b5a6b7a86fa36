from django.apps import AppConfig


class MediaGalleryConfig(AppConfig):
    name = "media_gallery"
    verbose_name = "Photos and galleries"
