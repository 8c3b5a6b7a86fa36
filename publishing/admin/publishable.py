"""The admin of publishable items (Article, Gallery, Timeline): the role checks on every save
path, the publish actions, and the schedule shown, each through `publishing.services`."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from .. import display, history, services
from ..models import Status
from .versioned import VersionedAdmin

# What sits in the change page's side column, beside the text.
SIDE_FIELDS = {
    "status",
    "status_note",
    "published_at",
    "embargo_until",
    "material_update_at",
    "material_update",
    "section",
    "article_type",
    "tags",
    "lead_photo",
    "cover_photo",
    "is_pinned",
}


class PublicationFilter(admin.SimpleListFilter):
    """Live versus waiting for its time (scheduled or embargoed)."""

    title = "publication"
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        return [("live", "Live now"), ("scheduled", "Scheduled or embargoed")]

    def queryset(self, request, queryset):
        if self.value() == "live":
            return queryset.published()
        if self.value() == "scheduled":
            return queryset.scheduled()
        return queryset


class PublishableAdmin(VersionedAdmin):
    """Base admin for Article, Gallery and Timeline.

    Editors change anything; others change only their own drafts and items ready for edit,
    and see the rest read-only. Every path is checked on the server: the change form (a
    refused POST gets a 403 page listing what was sent, so nothing typed is lost), the list
    actions, and crafted status values.
    """

    # Each action needs Django's change permission (checked again when a crafted POST names
    # it: Django runs only the actions `get_actions` allows), then the services' role rules.
    actions = ["publish_selected", "unpublish_selected", "mark_ready", "back_to_draft"]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if self.is_proposing(request, obj):
            readonly.append("status")  # a proposed update changes words, never the status
        if not services.can_publish(request.user, self.model):
            # Only editors set these (the model's `editor_fields`); others see them read-only.
            readonly += [name for name in self.model.editor_fields if name not in readonly]
        return readonly

    def get_list_display(self, request):
        # "Scheduled for ..." in place of the bare status.
        return [
            "publication" if name == "status" else name
            for name in super().get_list_display(request)
        ]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), PublicationFilter]

    @admin.display(description="status", ordering="status")
    def publication(self, item):
        if item.is_scheduled:
            when = item.display_published_at
            if item.embargo_until and item.embargo_until == when:
                return f"Embargoed until {display.moment(when)}"
            return f"Scheduled for {display.moment(when)}"
        return item.get_status_display()

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (name, {**options, "classes": self._classes(options)})
            for name, options in super().get_fieldsets(request, obj)
        ]
        if not self.has_change_permission(request, obj) or self.is_proposing(request, obj):
            return fieldsets
        # A note travels with a status change (a hand-off): it sits under the status.
        return [
            (
                name,
                {
                    **options,
                    "fields": [
                        part
                        for field in options["fields"]
                        for part in ([field, "status_note"] if field == "status" else [field])
                    ],
                },
            )
            for name, options in fieldsets
        ]

    @staticmethod
    def _classes(options):
        """Fieldsets only of status, schedule and placement go to the side column."""
        names = {
            name
            for field in options["fields"]
            for name in (field if isinstance(field, list | tuple) else [field])
        }
        classes = list(options.get("classes", []))
        if names <= SIDE_FIELDS and "desk-side" not in classes:
            classes.append("desk-side")
        return classes

    def get_form(self, request, obj=None, change=False, **kwargs):
        # The note is the form's own field, not the model's, whoever asks for the form.
        fields = kwargs.get("fields") or flatten_fieldsets(self.get_fieldsets(request, obj))
        kwargs["fields"] = [name for name in fields if name != "status_note"]
        form_class = super().get_form(request, obj, change=change, **kwargs)
        user = request.user
        editor = services.can_publish(user, self.model)

        class StatusCheckedForm(form_class):
            """Refuses, with a message in the form, a status this person may not set."""

            status_note = forms.CharField(
                required=False,
                max_length=255,
                label="Note with a status change",
                help_text="Kept in the status history and sent with the hand-off: to the "
                "editors when you mark it ready for edit, to the reporter when you send it "
                "back to draft.",
                widget=forms.TextInput(attrs={"spellcheck": "true", "size": 60}),
            )

            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                status = self.fields.get("status")
                if status is not None and not editor:
                    status.choices = [
                        choice
                        for choice in status.choices
                        if choice[0] in services.REPORTER_STATUSES
                    ]
                    status.error_messages["invalid_choice"] = (
                        "Only an editor can publish, schedule or unpublish: choose Draft or "
                        "Ready for edit."
                    )

            def clean(self):
                cleaned = super().clean()
                status = cleaned.get("status")
                if status:
                    # The instance still holds what is stored: the form copies the typed
                    # values onto it only after clean().
                    stored = self.instance.status if self.instance.pk else None
                    try:
                        services.check_status_change(
                            user, self.instance._meta.model, stored, status
                        )
                    except PermissionDenied as refusal:
                        self.add_error("status", str(refusal))
                return cleaned

        StatusCheckedForm.__name__ = form_class.__name__
        return StatusCheckedForm

    def save_item(self, request, obj, form):
        # Status and first publication time by the publishing service's rules, checked again
        # on the server (a crafted POST is refused there).
        note = form.cleaned_data.get("status_note", "") if hasattr(form, "cleaned_data") else ""
        transition = services.save_edit(obj, request.user, note=note, record_revision=False)
        if transition is not None:
            form.revision_summary = transition.get_to_status_display()
        warning = services.embargo_warning(obj)
        if warning:
            self.message_user(request, warning, messages.WARNING)

    def change_page_notices(self, request, obj):
        notices = super().change_page_notices(request, obj)
        if obj.is_scheduled:
            notices.append(
                f"{display.goes_live(obj.display_published_at)}: it becomes visible to "
                "readers by itself then."
            )
        elif obj.embargo_until and obj.embargo_until > timezone.now():
            notices.append(
                f"Embargoed until {display.moment(obj.embargo_until)}: readers will see nothing "
                "before then, even once it is published."
            )
        return notices

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            context["transitions"] = history.status_history(obj, 20)
            context["history_url"] = self._url("history", obj.pk)
        return super().render_change_form(request, context, add, change, form_url, obj)

    # List actions, each through the services (one transaction per item).

    def _each(self, request, queryset, operation, done_message):
        done = 0
        for item in queryset:
            try:
                changed = operation(item, request.user)
            except PermissionDenied as refusal:
                self.message_user(request, f"{item}: {refusal}", messages.ERROR)
                continue
            done += 1
            warning = services.embargo_warning(changed)
            if warning:
                self.message_user(request, warning, messages.WARNING)
        if done:
            self.message_user(request, done_message.format(count=done), messages.SUCCESS)

    @admin.action(description="Publish selected items", permissions=["change"])
    def publish_selected(self, request, queryset):
        if not services.can_publish(request.user, self.model):
            self.message_user(
                request,
                "Only editors can publish. Mark the item ready for edit instead.",
                messages.ERROR,
            )
            return
        self._each(request, queryset, services.publish, "{count} item(s) published.")

    @admin.action(description="Unpublish selected items", permissions=["change"])
    def unpublish_selected(self, request, queryset):
        if not services.can_publish(request.user, self.model):
            self.message_user(request, "Only editors can unpublish.", messages.ERROR)
            return
        self._each(request, queryset, services.unpublish, "{count} item(s) unpublished.")

    @admin.action(description="Mark selected items ready for edit", permissions=["change"])
    def mark_ready(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda item, user: services.set_status(item, Status.READY, user),
            "{count} item(s) marked ready for edit.",
        )

    @admin.action(description="Move selected items back to draft", permissions=["change"])
    def back_to_draft(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda item, user: services.set_status(item, Status.DRAFT, user),
            "{count} item(s) moved back to draft.",
        )
