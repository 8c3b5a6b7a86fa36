from django.apps import AppConfig


class SecurityConfig(AppConfig):
    """Who may come in, and which requests are believed: trusted proxies, malformed requests
    refused, login throttling (django-axes) and two-factor sign-in (django-otp) for the desk."""

    name = "security"
    verbose_name = "Sign-in and security"
