from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "desk"
    verbose_name = "Desk: notes and inbox"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from publishing.signals import proposal_decided, status_changed, update_proposed

        from . import services

        # Hand-offs: the publishing services say when a status changed, or an update was
        # proposed or decided; the desk tells the people concerned.
        status_changed.connect(services.on_status_changed, dispatch_uid="desk.status")
        update_proposed.connect(services.on_update_proposed, dispatch_uid="desk.proposed")
        proposal_decided.connect(services.on_proposal_decided, dispatch_uid="desk.decided")
