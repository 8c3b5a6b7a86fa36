from django.apps import AppConfig


class ReaderConfig(AppConfig):
    """What every reader page shares, whatever it shows: cached fragments and their
    invalidation, staff previews, absolute addresses, dates, JSON-LD scaffolding."""

    name = "reader"
    verbose_name = "Reader site"
