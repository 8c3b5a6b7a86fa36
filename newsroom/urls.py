"""The site's addresses: admin, health check, and each app's public pages."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from publishing.views import healthz

admin.site.site_header = f"{settings.NEWSROOM_SITE_NAME} — editors' desk"
admin.site.site_title = settings.NEWSROOM_SITE_NAME
admin.site.index_title = "Desk"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("", include("media_gallery.urls")),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
