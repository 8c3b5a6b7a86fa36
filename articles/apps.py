from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self):
        from taggit.models import Tag, TaggedItem

        from reader import fragments

        # Every change to sections, people, articles, timelines and tags may show on a page.
        fragments.watch(*self.get_models(), Tag, TaggedItem)
