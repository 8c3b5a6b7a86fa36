"""The live desk: one admin screen per live story where the desk writes and publishes posts
(type, then one click on "Publish"), uploads a photo straight into a post (through the photo
desk's ingest, `media_gallery.services.ingest_photo`), keeps the key points current, pins,
corrects and removes posts, and ends coverage. Other editors' posts arrive without a reload:
the screen asks for its list of posts every few seconds.

Every action goes through `articles.live`, which checks who may do it: reporters write drafts,
editors publish (the same rule as articles).
"""

import copy

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from js_asset import Media

from media_gallery.services import discard_new_files, ingest_photo
from publishing.services import can_publish

from . import live
from .body.elements import Photo as PhotoElement
from .models import Article, Correction, LiveCoverage, LivePost, Person

DESK_POLL_SECONDS = 5


class PostForm(forms.ModelForm):
    """A post as the desk writes it; the body editor is the story body's."""

    people = forms.ModelMultipleChoiceField(
        Person.objects.all(), label="Byline", help_text="Who wrote this post."
    )
    photo = forms.ImageField(
        required=False,
        label="Add a photo",
        help_text="Uploaded to the photo desk and placed at the end of the post.",
    )
    photo_caption = forms.CharField(required=False, label="Photo caption", max_length=2000)
    photo_alt = forms.CharField(required=False, label="Photo alt text", max_length=500)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = LivePost
        fields = ["title", "body", "is_key_event", "is_pinned"]


class KeyPointsForm(forms.ModelForm):
    class Meta:
        model = LiveCoverage
        fields = ["key_points", "order"]
        widgets = {"key_points": forms.Textarea(attrs={"rows": 4})}


def _desk_url(story, **query):
    url = reverse("admin:articles_livepost_desk", args=[story.pk])
    return f"{url}?edit={query['edit']}" if query.get("edit") else url


def _posts(story):
    return list(
        LivePost.objects.filter(story=story)
        .prefetch_related("credits__person", "corrections")
        .order_by("-is_pinned", "-changed_at", "-id")[:200]
    )


class LiveDesk:
    """The desk's views, mounted by `LivePostAdmin.get_urls`."""

    def __init__(self, model_admin):
        self.model_admin = model_admin
        self.site = model_admin.admin_site

    def urls(self):
        view = self.site.admin_view
        return [
            path("desk/<int:story_pk>/", view(self.desk), name="articles_livepost_desk"),
            path(
                "desk/<int:story_pk>/posts/",
                view(self.posts_fragment),
                name="articles_livepost_desk_posts",
            ),
            path(
                "desk/<int:story_pk>/act/<int:post_pk>/",
                view(self.act),
                name="articles_livepost_desk_act",
            ),
            path(
                "desk/<int:story_pk>/coverage/",
                view(self.coverage),
                name="articles_livepost_desk_coverage",
            ),
        ]

    def _story(self, request, story_pk):
        if not request.user.has_perm("articles.add_livepost"):
            raise PermissionDenied("You may not write live posts.")
        story = get_object_or_404(Article, pk=story_pk)
        try:
            live.coverage_of(story)
        except ValidationError as refusal:
            raise PermissionDenied(refusal.messages[0]) from refusal
        return Article.objects.select_related("live", "section").get(pk=story.pk)

    def _form(self, request, data=None, files=None, post=None, story=None):
        initial = {}
        if post is None:
            initial["people"] = live.people_for(request.user)
        else:
            initial["people"] = post.byline_people
            initial["version"] = post.version
        form = PostForm(data, files, instance=post, initial=initial)
        body = form.fields["body"]
        config = copy.deepcopy(body.widget.config)
        config["extensions"]["StoryElements"]["canEditGraphics"] = can_publish(
            request.user, Article
        )
        body.widget.config = config
        if not can_publish(request.user, Article):
            form.fields["is_pinned"].disabled = True
        return form

    def desk(self, request, story_pk):
        story = self._story(request, story_pk)
        editing = None
        if request.GET.get("edit"):
            editing = get_object_or_404(LivePost, pk=request.GET["edit"], story=story)
        if request.method == "POST":
            form = self._form(request, request.POST, request.FILES, editing, story)
            if form.is_valid():
                saved = self._save(request, story, form, editing)
                if saved is not None:
                    return redirect(_desk_url(story))
        else:
            form = self._form(request, post=editing, story=story)
        return self._render(request, story, form, editing)

    def _save(self, request, story, form, editing):
        uploaded = []  # the photo taken in, if one was: its files go if the post is refused
        try:
            with transaction.atomic():  # a refused post takes its photo's rows back out
                post = self._write(request, story, editing, form.cleaned_data, uploaded)
        except BaseException as refusal:
            # The rows are rolled back; the files stored for them are not: remove them, so a
            # refusal leaves nothing behind. Everything typed stays in the form (the caption
            # and alt text too); only the file must be chosen again, as a browser cannot
            # refill a file field.
            for photo in uploaded:
                discard_new_files(photo)
            if not isinstance(refusal, (ValidationError, PermissionDenied)):
                raise
            for message in getattr(refusal, "messages", None) or [str(refusal)]:
                form.add_error(None, message)
            if uploaded:
                form.add_error(
                    "photo", "The photo was not kept, as the post was not saved: choose it again."
                )
            return None
        verb = "published" if post.status == LivePost.Status.PUBLISHED else "saved as a draft"
        messages.success(request, f"Post {verb}.")
        return post

    def _write(self, request, story, editing, data, uploaded):
        """The post as the form has it, with its photo taken in first (if one was chosen, and
        added to `uploaded`)."""
        body = data["body"] or ""
        if data.get("photo"):
            if not request.user.has_perm("media_gallery.add_photo"):
                raise PermissionDenied(
                    "You may not add photos to the library: place one the photo desk has "
                    "uploaded (the Photo button in the text), or ask the photo desk."
                )
            photo = ingest_photo(
                data["photo"],
                user=request.user,
                caption=data.get("photo_caption", ""),
                alt_text=data.get("photo_alt", ""),
            )
            uploaded.append(photo)
            body += PhotoElement(photo_id=photo.pk).to_html()
        editor = can_publish(request.user, Article)
        return live.save_post(
            request.user,
            story,
            editing,
            title=data["title"],
            body=body,
            people=list(data["people"]),
            is_key_event=data["is_key_event"],
            is_pinned=data["is_pinned"] if editor else bool(editing and editing.is_pinned),
            publish="publish" in request.POST,
            version=data.get("version") if editing else None,
        )

    def _render(self, request, story, form, editing):
        media = self.model_admin.media + form.media
        context = {
            **self.site.each_context(request),
            "title": f"Live desk: {story.headline}",
            "story": story,
            "coverage": story.live,
            "form": form,
            "editing": editing,
            "key_points_form": KeyPointsForm(instance=story.live),
            "posts": _posts(story),
            "is_editor": can_publish(request.user, Article),
            "correction_kinds": Correction.Kind.choices,
            "media": Media.from_media(media, nonce=getattr(request, "csp_nonce", "")),
            "poll_seconds": DESK_POLL_SECONDS,
            "opts": LivePost._meta,
        }
        return TemplateResponse(request, "admin/articles/live_desk.html", context)

    def posts_fragment(self, request, story_pk):
        """The desk's list of posts, which the screen asks for every few seconds."""
        story = self._story(request, story_pk)
        from django.template.loader import render_to_string

        html = render_to_string(
            "admin/articles/live_desk_posts.html",
            {
                "story": story,
                "posts": _posts(story),
                "is_editor": can_publish(request.user, Article),
                "correction_kinds": Correction.Kind.choices,
            },
            request=request,
        )
        response = HttpResponse(html)
        response["Cache-Control"] = "no-store"
        return response

    def act(self, request, story_pk, post_pk):
        """Publish, pin, unpin, correct or remove one post (a button on the list)."""
        story = self._story(request, story_pk)
        if request.method != "POST":
            return redirect(_desk_url(story))
        post = get_object_or_404(LivePost, pk=post_pk, story=story)
        action = request.POST.get("action")
        try:
            if action == "publish":
                live.publish_post(request.user, post)
            elif action == "pin":
                live.set_pinned(request.user, post, True)
            elif action == "unpin":
                live.set_pinned(request.user, post, False)
            elif action == "remove":
                live.remove_post(request.user, post)
            elif action == "correct":
                live.correct_post(
                    request.user, post, request.POST.get("kind"), request.POST.get("text")
                )
            else:
                raise ValidationError("Choose what to do with the post.")
        except (ValidationError, PermissionDenied) as refusal:
            for message in getattr(refusal, "messages", None) or [str(refusal)]:
                messages.error(request, message)
        else:
            messages.success(request, "Done.")
        return redirect(_desk_url(story))

    def coverage(self, request, story_pk):
        """Key points and order, ending and reopening coverage (editors)."""
        story = self._story(request, story_pk)
        if request.method != "POST":
            return redirect(_desk_url(story))
        try:
            if "end" in request.POST:
                live.end_coverage(request.user, story)
            elif "reopen" in request.POST:
                live.reopen_coverage(request.user, story)
            else:
                form = KeyPointsForm(request.POST, instance=LiveCoverage(article=story))
                if not form.is_valid():
                    raise ValidationError(list(form.errors.values())[0])
                live.set_key_points(
                    request.user, story, form.cleaned_data["key_points"], form.cleaned_data["order"]
                )
        except (ValidationError, PermissionDenied) as refusal:
            for message in getattr(refusal, "messages", None) or [str(refusal)]:
                messages.error(request, message)
        else:
            messages.success(request, "Coverage updated.")
        return redirect(_desk_url(story))


@admin.register(LivePost)
class LivePostAdmin(admin.ModelAdmin):
    """Posts are written on each story's live desk; this list finds them across stories."""

    list_display = ["__str__", "story", "status", "published_at", "is_key_event", "is_pinned"]
    list_filter = ["status", "is_key_event"]
    search_fields = ["title", "body", "story__headline"]
    list_select_related = ["story"]

    def get_urls(self):
        return [*LiveDesk(self).urls(), *super().get_urls()]

    def has_add_permission(self, request):
        return False  # posts are written on the live desk

    def has_change_permission(self, request, obj=None):
        return False  # changed on the live desk, through its services

    def has_delete_permission(self, request, obj=None):
        return False  # removed on the live desk; the row is kept


@admin.register(LiveCoverage)
class LiveCoverageAdmin(admin.ModelAdmin):
    """The live stories, each with the way to its desk."""

    list_display = ["article", "started_at", "ended_at", "desk_link"]
    list_select_related = ["article"]
    search_fields = ["article__headline"]

    @admin.display(description="Live desk")
    def desk_link(self, coverage):
        from django.utils.html import format_html

        return format_html('<a href="{}">Open the live desk</a>', _desk_url(coverage.article))

    def has_add_permission(self, request):
        return False  # a story of type "Live coverage" gets its coverage on the desk

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
