from django.apps import AppConfig


class FrontsConfig(AppConfig):
    name = "fronts"
    verbose_name = "Front page"

    def ready(self):
        from articles.signals import demo_loaded
        from reader import changes, keys

        from . import demo

        # Every change to an arrangement, its zones or its placements may show on the front.
        changes.watch(*self.get_models())
        # The front page names its arrangement (reader.keys): saving it purges the front.
        from .models import Front

        keys.keyed(Front)
        # `load_demo` (in articles, which never imports this app) says when it has loaded.
        demo_loaded.connect(demo.add_curated_front, dispatch_uid="fronts.demo")
