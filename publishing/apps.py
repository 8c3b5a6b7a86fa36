from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = "Publishing"

    def ready(self):
        from .moments import read_impossible_times_safely

        # One row with a time Python cannot read must not fail every query that lists it.
        read_impossible_times_safely()
