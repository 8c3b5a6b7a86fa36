"""The site's addresses: admin, health check, and each app's public pages."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from api.views import api
from articles import feeds, sitemaps
from articles.views import robots_txt
from fronts.views import front_page
from publishing.views import liveness, readiness
from security.forms import DeskLoginForm
from security.views import two_factor_page

admin.site.site_header = f"{settings.NEWSROOM_SITE_NAME} — editors' desk"
admin.site.site_title = settings.NEWSROOM_SITE_NAME
admin.site.index_title = "Desk"
# The admin's sign-in, with the second factor's code for those who have one.
admin.site.login_form = DeskLoginForm

feed_patterns = [
    path("latest/", feeds.LatestStories(), name="latest"),
    path("latest/atom/", feeds.LatestStoriesAtom(), name="latest_atom"),
    path("sections/<slug:slug>/", feeds.SectionStories(), name="section"),
    path("sections/<slug:slug>/atom/", feeds.SectionStoriesAtom(), name="section_atom"),
    path("people/<slug:slug>/", feeds.PersonStories(), name="person"),
    path("people/<slug:slug>/atom/", feeds.PersonStoriesAtom(), name="person_atom"),
    path("tags/<slug:slug>/", feeds.TagStories(), name="tag"),
    path("tags/<slug:slug>/atom/", feeds.TagStoriesAtom(), name="tag_atom"),
]

# A database that is away answers 503 (and gives an editor's form back), not 500.
handler500 = "publishing.views.server_error"

urlpatterns = [
    path("admin/two-factor/", admin.site.admin_view(two_factor_page), name="two_factor"),
    path("admin/", admin.site.urls),
    # Readiness (the database answers) for the load balancer; liveness for a supervisor.
    path("healthz", readiness, name="healthz"),
    path("healthz/ready", readiness, name="healthz_ready"),
    path("healthz/live", liveness, name="healthz_live"),
    path("api/v1/", api.urls),
    # Machine readers: robots.txt, sitemaps, RSS and Atom feeds.
    path("robots.txt", robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap_index"),
    path("sitemap-<section>.xml", sitemaps.sitemap_page, name="sitemap"),
    path("news-sitemap.xml", sitemaps.news_sitemap, name="news_sitemap"),
    path("feeds/", include((feed_patterns, "feeds"))),
    path("", front_page, name="front_page"),
    path("", include("media_gallery.urls")),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
