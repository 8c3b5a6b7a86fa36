"""The desk's front page screen: an arrangement's zones and placements, dragged into order
(or moved with the ↑ ↓ buttons, or by typing the numbers), a preview of exactly what readers
would see, and the publishing, history, comparison and restore every versioned item has.

Only editors change a front (`services.check_can_change`), on every path: the pages, the
actions, the preview, and the services underneath them. All JavaScript is in static/fronts/.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from articles.models import Section
from publishing.admin import PublishableAdmin
from publishing.models import Status
from reader.fragments import Fragments

from . import selectors, services
from .models import Front, Placement, Zone, zone_key


def zone_choices():
    """Every zone a placement may name: the fixed ones, and a rail for each section."""
    fixed = [(kind, label.split(" (")[0]) for kind, label in Zone.Kind.choices if kind != "section"]
    rails = [
        (zone_key("section", section.pk), f"Section rail: {section}")
        for section in Section.objects.select_related("parent")
    ]
    return fixed + rails


class PlacementForm(forms.ModelForm):
    class Meta:
        model = Placement
        fields = ["zone_key", "order", "article", "gallery", "timeline", "headline", "deck"]
        fields += ["photo", "crop"]
        widgets = {"deck": forms.Textarea(attrs={"rows": 2, "cols": 30})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone_key"] = forms.ChoiceField(
            label="Zone", choices=zone_choices(), initial="top"
        )


class ZoneFormSet(forms.BaseInlineFormSet):
    """One zone of each kind (one rail per section) on an arrangement, said at the row."""

    def clean(self):
        seen, refused = {}, False
        for row in self.forms:
            if not hasattr(row, "cleaned_data") or self._should_delete_form(row):
                continue
            kind, section = row.cleaned_data.get("kind"), row.cleaned_data.get("section")
            if not kind:
                continue
            key = zone_key(kind, section.pk if section else None)
            if key in seen:
                row.add_error(
                    "kind",
                    f"This arrangement already has a “{seen[key]}” zone: change its slots "
                    "instead of adding another.",
                )
                refused = True
            else:
                seen[key] = Zone(kind=kind, section=section).label
        if not refused:  # Django's own checks say the same less clearly
            super().clean()


class ZoneInline(admin.TabularInline):
    model = Zone
    formset = ZoneFormSet
    extra = 0
    fields = ["position", "kind", "section", "heading", "slots"]
    classes = ["front-zones"]

    class Media:
        css = {"all": ["fronts/front-editor.css"]}
        js = ["publishing/row-order.js", "fronts/front-editor.js"]


class PlacementInline(admin.TabularInline):
    model = Placement
    form = PlacementForm
    extra = 0
    fields = ["zone_key", "order", "article", "gallery", "timeline", "headline", "deck"]
    fields += ["photo", "crop"]
    autocomplete_fields = ["article", "gallery", "timeline", "photo"]
    classes = ["front-placements"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article", "gallery", "timeline")


@admin.register(Front)
class FrontAdmin(PublishableAdmin):
    change_form_template = "admin/fronts/front/change_form.html"
    list_display = ["name", "status", "published_at", "updated_at"]
    list_filter = ["status"]
    search_fields = ["name"]
    inlines = [ZoneInline, PlacementInline]
    fieldsets = [
        (None, {"fields": ["name"]}),
        ("Publishing", {"fields": ["status", "published_at"]}),
    ]
    actions = ["publish_selected", "unpublish_selected", "copy_selected"]

    # Only editors change a front: Django's permission and the right to publish fronts.

    def has_add_permission(self, request):
        return super().has_add_permission(request) and services.can_change_fronts(request.user)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and services.can_change_fronts(
            request.user
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and services.can_change_fronts(
            request.user
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            context["preview_url"] = self._url("preview", obj.pk)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="fronts_front_preview",
            ),
            *super().get_urls(),
        ]

    def save_item(self, request, obj, form):
        transition = services.save_edit(obj, request.user, record_revision=False)
        if transition is not None:
            form.revision_summary = transition.get_to_status_display()

    def save_related(self, request, form, formsets, change):
        # Django's inlines, then the revision of the whole arrangement (not the base's).
        admin.ModelAdmin.save_related(self, request, form, formsets, change)
        summary = getattr(form, "revision_summary", "") or ("" if change else "Created")
        services.arrangement_saved(form.instance, request.user, summary)

    def restore_item(self, request, obj, revision):
        return services.restore(obj, revision, request.user)

    def change_page_notices(self, request, obj):
        notices = super().change_page_notices(request, obj)
        current = Front.objects.current()
        if current is not None and current.pk == obj.pk:
            notices.insert(0, "Readers see this arrangement on the front page now.")
        keys = {zone.key for zone in obj.zones.all()}
        if not keys:
            notices.append(
                "This arrangement has no zones yet: while it is the current one, readers see "
                "the automatic front page. Add zones below."
            )
        stray = [p for p in obj.placements.all() if p.zone_key not in keys]
        if stray:
            notices.append(
                f"{len(stray)} placement(s) name a zone this arrangement does not have; "
                "readers do not see them. Add the zone or move them."
            )
        return notices

    # The list's actions go through this app's services (which refresh the front page).

    @admin.action(description="Publish selected arrangements", permissions=["change"])
    def publish_selected(self, request, queryset):
        self._each(request, queryset, services.publish, "{count} arrangement(s) published.")

    @admin.action(description="Unpublish selected arrangements", permissions=["change"])
    def unpublish_selected(self, request, queryset):
        self._each(request, queryset, services.unpublish, "{count} arrangement(s) unpublished.")

    @admin.action(description="Copy selected arrangements as new drafts", permissions=["add"])
    def copy_selected(self, request, queryset):
        for front in queryset:
            copied = services.copy(front, request.user)
            self.message_user(request, f"Copied “{front}” as “{copied}”.", messages.SUCCESS)

    # The preview: exactly what readers would see, from what is stored (GET) or from the
    # form as it stands, unsaved (POST from the change page's Preview button).

    def preview_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("No such arrangement.")
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        if request.method == "POST":
            if not self.has_change_permission(request, obj):
                raise PermissionDenied
            zones, placements, problems = self._unsaved_arrangement(request, obj)
        else:
            zones, placements, problems = list(obj.zones.all()), list(obj.placements.all()), []
        # A scheduled arrangement is shown as readers will see it at its time.
        now = timezone.now()
        if obj.status == Status.PUBLISHED and obj.published_at and obj.published_at > now:
            now = obj.published_at
        tops = selectors.section_tree()
        front = selectors.FrontPage(obj, selectors.arrange(zones, placements, now, tops))
        fragments = Fragments("front-preview", blocks=("main",), front_page=True)
        fragments.enabled = False  # rendered afresh, never stored
        response = render(
            request,
            "fronts/front_page.html",
            {
                "front": front,
                "front_page": True,
                "preview": True,
                "preview_problems": problems,
                "preview_at": now,
                "site_sections": tops,
                "fragments": fragments,
            },
        )
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def _unsaved_arrangement(self, request, obj):
        """The zones and placements the change form holds, valid rows only, nothing saved."""
        form = self.get_form(request, obj, change=True)(request.POST, instance=obj)
        form.is_valid()
        formsets, _ = self._create_formsets(request, obj, change=True)
        found, problems = {Zone: [], Placement: []}, []
        for formset in formsets:
            formset.is_valid()
            for row in formset.forms:
                if row.instance.pk is None and not row.has_changed():
                    continue  # an empty extra row
                if formset.can_delete and formset._should_delete_form(row):
                    continue
                if row.errors:
                    problems.append(f"A {formset.model._meta.verbose_name} row has errors.")
                    continue
                found[formset.model].append(row.instance)
        return found[Zone], found[Placement], problems
