"""Public addresses of the reader site: articles, people, tags, timelines, search, the
corrections log, and sections (last: a section is any other single word). The front page is
the `fronts` app's."""

from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path(
        "<int:year>/<str:month>/<str:day>/<slug:slug>/",
        views.article_detail,
        name="article_detail",
    ),
    path("search/", views.search, name="search"),
    path("corrections/", views.corrections, name="corrections"),
    path("people/<slug:slug>/", views.person_detail, name="person"),
    path("tags/<slug:slug>/", views.tag_detail, name="tag"),
    path("timelines/<slug:slug>/", views.timeline_detail, name="timeline_detail"),
    path("<slug:parent>/<slug:slug>/", views.section_detail, name="subsection"),
    path("<slug:slug>/", views.section_detail, name="section"),
]
