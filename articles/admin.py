"""The editors' desk: articles with their credits, promos and corrections; sections, people,
timelines."""

import copy

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.urls import path, reverse
from django.utils.html import format_html
from js_asset import Media

from publishing import display
from publishing.admin import PublishableAdmin, VersionedAdmin
from publishing.services import can_publish

from . import admin_elements, services
from .admin_lists import AuthorFilter, article_search
from .models import (
    Article,
    Correction,
    Credit,
    Person,
    RelatedItem,
    Section,
    Timeline,
    TimelineEvent,
)


@admin.register(Section)
class SectionAdmin(VersionedAdmin):
    list_display = ["name", "parent", "slug", "order"]
    list_editable = ["order"]
    list_filter = ["parent"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [(None, {"fields": ["name", "slug", "parent", "order", "description"]})]


@admin.register(Person)
class PersonAdmin(VersionedAdmin):
    list_display = ["name", "job_title", "is_organisation", "is_public_profile", "user"]
    list_filter = ["is_organisation", "is_public_profile"]
    search_fields = ["name", "job_title", "email"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["headshot", "user"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "is_organisation", "job_title", "bio", "headshot"]}),
        ("Contact and login", {"fields": ["email", "user"]}),
        ("Public page", {"fields": ["is_public_profile"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm("auth.view_user"):
            # Linking a profile to a login needs the list of logins, which only editors see.
            readonly.append("user")
        return readonly


class CreditInline(admin.TabularInline):
    model = Credit
    extra = 1
    fields = ["person", "role", "order"]
    autocomplete_fields = ["person"]
    verbose_name = "byline or contributor credit"
    verbose_name_plural = "Byline and contributors"


class RelatedItemInline(admin.TabularInline):
    model = RelatedItem
    fk_name = "article"
    extra = 0
    fields = ["order", "target_article", "target_gallery", "target_timeline", "label"]
    autocomplete_fields = ["target_article", "target_gallery", "target_timeline"]
    verbose_name = "promo"
    verbose_name_plural = "Promos: related galleries, timelines and articles"


class CorrectionForm(forms.ModelForm):
    """A new correction is written here; an existing one is read-only and can only be
    removed with a reason (the removal is recorded, the text kept)."""

    remove = forms.BooleanField(
        required=False,
        label="Remove from the article",
        help_text="The removal is recorded with your name, the time and the reason.",
    )
    reason_for_removal = forms.CharField(required=False, max_length=255, label="Reason for removal")

    class Meta:
        model = Correction
        fields = ["kind", "text", "published_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        published_at = self.fields["published_at"]
        published_at.required = False
        if self.instance.pk is None:
            # The time it is appended, unless the editor gives one.
            self.initial.pop("published_at", None)
            published_at.initial = None
            published_at.show_hidden_initial = False
            published_at.help_text = "Leave empty for the time you save."
            self.fields["remove"].disabled = True
            self.fields["reason_for_removal"].disabled = True
        else:
            for name in ("kind", "text", "published_at"):
                self.fields[name].disabled = True
            if self.instance.removed_at is not None:
                self.fields["remove"].disabled = True
                self.fields["reason_for_removal"].disabled = True

    def clean(self):
        cleaned = super().clean()
        moment = cleaned.get("published_at")
        if self.instance.pk is None and moment is not None and self.instance.article_id:
            try:
                services.check_correction_time(self.instance.article, moment)
            except ValidationError as refusal:
                self.add_error("published_at", refusal)
        if cleaned.get("remove") and not (cleaned.get("reason_for_removal") or "").strip():
            self.add_error(
                "reason_for_removal",
                "Say why it is removed: the reason is kept with the correction.",
            )
        return cleaned


class CorrectionFormSet(BaseInlineFormSet):
    """Saves through articles.services: new corrections appended, removals recorded, nothing
    deleted. The article itself is saved (version raised, revision kept) by the admin."""

    user = None

    def clean(self):
        super().clean()
        removing = any(
            form.cleaned_data.get("remove") for form in self.initial_forms if form.is_valid()
        )
        adding = any(form.has_changed() for form in self.extra_forms)
        if removing or adding:
            # Checked here, on the server, whatever the page offered.
            try:
                services.check_may_correct(self.user, self.instance)
            except PermissionDenied as refusal:
                raise ValidationError(str(refusal)) from refusal

    def save(self, commit=True):
        self.new_objects, self.changed_objects, self.deleted_objects = [], [], []
        for form in self.initial_forms:
            if form.cleaned_data.get("remove") and form.instance.removed_at is None:
                services.record_removal(
                    form.instance, self.user, form.cleaned_data["reason_for_removal"]
                )
                self.changed_objects.append((form.instance, ["removed"]))
        for form in self.extra_forms:
            if form.has_changed() and form.cleaned_data.get("text"):
                self.new_objects.append(
                    services.new_correction(
                        self.instance,
                        self.user,
                        form.cleaned_data.get("kind"),
                        form.cleaned_data["text"],
                        form.cleaned_data.get("published_at"),
                    )
                )
        return self.new_objects


class CorrectionInline(admin.StackedInline):
    """Editors append corrections to published articles; nobody deletes one."""

    model = Correction
    form = CorrectionForm
    formset = CorrectionFormSet
    extra = 0
    can_delete = False
    readonly_fields = ["record"]
    verbose_name_plural = "Corrections and updates"

    def _closed(self, obj):
        """Corrections belong to published articles: none on a draft."""
        return obj is not None and obj.status not in services.CORRECTABLE

    def get_fields(self, request, obj=None):
        if can_publish(request.user, Article):
            return ["record", "kind", "text", "published_at", "remove", "reason_for_removal"]
        return ["record", "kind", "text", "published_at"]

    def has_view_permission(self, request, obj=None):
        return not self._closed(obj) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return not self._closed(obj) and can_publish(request.user, Article)

    def has_change_permission(self, request, obj=None):
        # "Change" here is only the removal checkbox; the text of a correction never changes.
        return not self._closed(obj) and can_publish(request.user, Article)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (formset,), {"user": request.user})

    @admin.display(description="Record")
    def record(self, correction):
        if correction.pk is None:
            return "New: appended to the article when you save."
        added = format_html(
            "Added by {} at {}",
            display.person(correction.created_by),
            display.moment(correction.published_at),
        )
        if correction.removed_at is None:
            return added
        return format_html(
            '<del class="correction-removed">{}</del><br>{}. Removed by {} at {}: {}',
            correction.text,
            added,
            display.person(correction.removed_by),
            display.moment(correction.removed_at),
            correction.removal_reason,
        )


class ArticleForm(forms.ModelForm):
    material_update = forms.BooleanField(
        required=False,
        label="This save is a material update",
        help_text="Tick when readers should know the story changed (new facts, a changed "
        "outcome): they see “Updated” with this time. Leave it for typo fixes.",
    )

    # Who is saving: set by ArticleAdmin.get_form, for the checks that depend on the person.
    user = None

    class Meta:
        model = Article
        fields = ["headline"]  # the admin's fieldsets choose the fields

    def clean(self):
        cleaned = super().clean()
        if "body" in self.fields and "body" in cleaned and not self.fields["body"].disabled:
            # self.instance still holds what is stored (the form copies onto it after clean).
            try:
                services.check_body(
                    self.user, self.instance.body, cleaned["body"], self.instance.pk
                )
            except ValidationError as refusal:
                self.add_error("body", refusal)
        return cleaned


@admin.register(Article)
class ArticleAdmin(PublishableAdmin):
    form = ArticleForm

    class Media:
        css = {"all": ["articles/story-elements.css"]}

    list_display = ["headline", "section", "byline", "status", "published_at"]
    list_filter = [
        "status",
        "section",
        "article_type",
        AuthorFilter,
        "published_at",
    ]
    search_fields = ["headline", "deck", "body_text", "credits__person__name"]
    search_help_text = (
        "Search headlines, decks, story text and authors' names; a word of three letters or "
        "more also finds the words it begins with."
    )
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["section", "lead_photo"]
    inlines = [CreditInline, RelatedItemInline, CorrectionInline]
    list_select_related = ["section", "section__parent"]
    fieldsets = [
        (None, {"fields": ["kicker", "headline", "slug", "deck", "dateline", "body"]}),
        ("Placement", {"fields": ["section", "article_type", "tags", "lead_photo", "is_pinned"]}),
        (
            "Publishing",
            {
                "fields": [
                    "status",
                    "published_at",
                    "embargo_until",
                    "material_update_at",
                    "material_update",
                ]
            },
        ),
        (
            "Search and social",
            {"classes": ["collapse"], "fields": ["seo_headline", "social_headline"]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("credits__person")

    full_text_search = staticmethod(article_search)

    def get_urls(self):
        # The body editor's JSON endpoint: search, describe, recognise, upload.
        view = self.admin_site.admin_view(
            lambda request: admin_elements.elements_view(self, request)
        )
        return [
            path("elements/", view, name="articles_article_elements"),
            *super().get_urls(),
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        # (A ModelForm subclass makes its fields anew: change them on the subclass.)
        form_class = type(form_class.__name__, (form_class,), {"user": request.user})
        body = form_class.base_fields.get("body")
        if body is not None:
            # This person's editor: the graphics button only for editors (checked on save too).
            config = copy.deepcopy(body.widget.config)
            elements = config["extensions"]["StoryElements"]
            elements["canEditGraphics"] = can_publish(request.user, Article)
            body.widget.config = config
        return form_class

    def render_change_form(self, request, context, *args, **kwargs):
        # The rich-text editor finds its modules through an import map: an inline <script>
        # that the site's CSP runs only with this response's nonce.
        context["media"] = Media.from_media(
            context["media"], nonce=getattr(request, "csp_nonce", "")
        )
        # A live story is written on its live desk: the way there sits with the page's tools.
        story = context.get("original")
        if (
            story is not None
            and story.article_type == Article.ArticleType.LIVE
            and request.user.has_perm("articles.add_livepost")
        ):
            context["desk_tools"] = [
                {
                    "label": "Live desk: write posts",
                    "url": reverse("admin:articles_livepost_desk", args=[story.pk]),
                }
            ]
        return super().render_change_form(request, context, *args, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if can_publish(request.user, Article):
            return fieldsets
        # Only editors decide a change is material.
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "material_update"]})
            for name, options in fieldsets
        ]

    def save_model(self, request, obj, form, change):
        if form.cleaned_data.get("material_update") and can_publish(request.user, Article):
            services.stamp_material_update(obj, request.user)
        super().save_model(request, obj, form, change)

    @admin.display(description="Byline")
    def byline(self, article):
        return article.byline


class TimelineEventInline(admin.StackedInline):
    model = TimelineEvent
    extra = 0
    fields = [("date", "precision"), "headline", "description", ("photo", "article")]
    autocomplete_fields = ["photo", "article"]


@admin.register(Timeline)
class TimelineAdmin(PublishableAdmin):
    list_display = ["headline", "status", "published_at", "updated_at"]
    list_filter = ["status"]
    search_fields = ["headline", "deck"]
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["cover_photo"]
    inlines = [TimelineEventInline]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "deck", "cover_photo", "tags"]}),
        ("Publishing", {"fields": ["status", "published_at", "embargo_until"]}),
    ]


# The live desk and the live coverage lists register themselves.
from . import live_desk  # noqa: E402, F401
