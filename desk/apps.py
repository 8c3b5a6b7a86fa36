from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "desk"
    verbose_name = "Desk: notes and inbox"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from publishing.signals import status_changed

        from .services import on_status_changed

        # Hand-offs: the publishing services say when a status changed; the desk tells people.
        status_changed.connect(on_status_changed, dispatch_uid="desk.on_status_changed")
