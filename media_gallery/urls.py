from django.urls import path

from . import views

app_name = "media_gallery"

urlpatterns = [
    path("photos/<slug:slug>/", views.gallery_detail, name="gallery_detail"),
]
