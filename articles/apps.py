from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self):
        from taggit.models import Tag, TaggedItem

        from reader import changes, keys

        from .models import Article, LivePost, LivePostCredit, Person, Section, Timeline

        # Every change to sections, people, articles, timelines and tags may show on a page.
        # Live posts are the exception: a draft shows nowhere, so their services say when
        # readers see a change (articles.live).
        quiet = {LivePost, LivePostCredit}
        changes.watch(*(m for m in self.get_models() if m not in quiet), Tag, TaggedItem)
        # What a page shows, named in its surrogate keys (reader.keys).
        keys.keyed(Article, Section, Person, Timeline, LivePost, Tag)
        # Sections show on every page (the masthead): a change to one refreshes them all.
        changes.everywhere(Section)
