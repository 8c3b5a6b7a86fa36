"""The editors' desk: articles with their credits, promos and corrections; sections, people,
timelines."""

from django.contrib import admin
from js_asset import Media

from publishing import services
from publishing.admin import PublishableAdmin
from publishing.models import Status

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


class PublishedIsForEditors:
    """Only people who may publish change a published item; others see it read-only.

    Without this a reporter gets the change form of a live story with its fields read-only
    but its credit and promo inlines, and the Save button, still working; and Django, which
    then still fills the slug from the headline, fails on the read-only slug (a 500).
    """

    def has_change_permission(self, request, obj=None):
        if (
            obj is not None
            and obj.status == Status.PUBLISHED
            and not services.can_publish(request.user, self.model)
        ):
            return False
        return super().has_change_permission(request, obj)


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "slug", "order"]
    list_editable = ["order"]
    list_filter = ["parent"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "job_title", "is_organisation", "user"]
    list_filter = ["is_organisation"]
    search_fields = ["name", "job_title", "email"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["headshot", "user"]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm("auth.view_user"):
            # Linking a profile to a login needs the list of logins, which only editors see.
            readonly.append("user")
        return readonly


class AuthorFilter(admin.RelatedOnlyFieldListFilter):
    """People credited on at least one article, not every profile in the newsroom."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.title = "author"


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


class CorrectionInline(admin.StackedInline):
    model = Correction
    extra = 0
    fields = ["kind", "text", "published_at"]
    can_delete = False
    verbose_name_plural = "Corrections and updates"


@admin.register(Article)
class ArticleAdmin(PublishedIsForEditors, PublishableAdmin):
    list_display = ["headline", "section", "byline", "status", "published_at"]
    list_filter = [
        "status",
        "section",
        "article_type",
        ("credits__person", AuthorFilter),
        "published_at",
    ]
    search_fields = ["headline", "deck", "body", "credits__person__name"]
    search_help_text = "Search headlines, decks, body text and authors' names."
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["section", "lead_photo"]
    inlines = [CreditInline, RelatedItemInline, CorrectionInline]
    list_select_related = ["section", "section__parent"]
    # Counting every article on each page load costs more than it tells an editor.
    show_full_result_count = False
    fieldsets = [
        (None, {"fields": ["kicker", "headline", "slug", "deck", "dateline", "body"]}),
        ("Placement", {"fields": ["section", "article_type", "tags", "lead_photo", "is_pinned"]}),
        (
            "Publishing",
            {"fields": ["status", "published_at", "embargo_until", "material_update_at"]},
        ),
        (
            "Search and social",
            {"classes": ["collapse"], "fields": ["seo_headline", "social_headline"]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("credits__person")

    def render_change_form(self, request, context, *args, **kwargs):
        # The rich-text editor finds its modules through an import map: an inline <script>
        # that the site's CSP runs only with this response's nonce.
        context["media"] = Media.from_media(
            context["media"], nonce=getattr(request, "csp_nonce", "")
        )
        return super().render_change_form(request, context, *args, **kwargs)

    @admin.display(description="Byline")
    def byline(self, article):
        return article.byline


class TimelineEventInline(admin.StackedInline):
    model = TimelineEvent
    extra = 0
    fields = [("date", "precision"), "headline", "description", ("photo", "article")]
    autocomplete_fields = ["photo", "article"]


@admin.register(Timeline)
class TimelineAdmin(PublishedIsForEditors, PublishableAdmin):
    list_display = ["title", "status", "published_at", "updated_at"]
    list_filter = ["status"]
    search_fields = ["title", "intro"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["cover_photo"]
    inlines = [TimelineEventInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "intro", "cover_photo", "tags"]}),
        ("Publishing", {"fields": ["status", "published_at", "embargo_until"]}),
    ]
