from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Content API and webhooks"

    def ready(self):
        from . import receivers  # noqa: F401  (connects the webhook events)
