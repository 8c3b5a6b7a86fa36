"""Public addresses of the reader site: articles (a live story's posts, updates and feeds
under its address), people, tags, timelines, search, the corrections log, and sections
(last: a section is any other single word). The front page is the `fronts` app's."""

from django.urls import path

from . import live_feeds, live_views, views

app_name = "articles"

urlpatterns = [
    path(
        "<int:year>/<str:month>/<str:day>/<slug:slug>/",
        views.article_detail,
        name="article_detail",
    ),
    path(
        "<int:year>/<str:month>/<str:day>/<slug:slug>/posts/<int:post>/",
        live_views.live_post,
        name="live_post",
    ),
    path(
        "<int:year>/<str:month>/<str:day>/<slug:slug>/updates.json",
        live_views.live_updates,
        name="live_updates",
    ),
    path(
        "<int:year>/<str:month>/<str:day>/<slug:slug>/feed/",
        live_feeds.LivePosts(),
        name="live_feed",
    ),
    path(
        "<int:year>/<str:month>/<str:day>/<slug:slug>/feed/atom/",
        live_feeds.LivePostsAtom(),
        name="live_feed_atom",
    ),
    path("search/", views.search, name="search"),
    path("corrections/", views.corrections, name="corrections"),
    path("people/<slug:slug>/", views.person_detail, name="person"),
    path("tags/<slug:slug>/", views.tag_detail, name="tag"),
    path("timelines/<slug:slug>/", views.timeline_detail, name="timeline_detail"),
    path("<slug:parent>/<slug:slug>/", views.section_detail, name="subsection"),
    path("<slug:slug>/", views.section_detail, name="section"),
]
