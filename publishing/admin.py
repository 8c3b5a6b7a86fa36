"""What every publishable item's admin shares: role checks on status changes, publish and
unpublish actions through the services, and the created-by stamp."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied

from . import services
from .models import Status


class VersionedAdmin(admin.ModelAdmin):
    """Base admin for everything with a version: Photo, and (through PublishableAdmin) Article,
    Gallery and Timeline. Stale-save refusal, soft locks and revisions belong here."""


class PublishableAdmin(VersionedAdmin):
    """Base admin for Article, Gallery and Timeline."""

    actions = ["publish_selected", "unpublish_selected"]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if (
            obj is not None
            and obj.status == Status.PUBLISHED
            and not services.can_publish(request.user, self.model)
        ):
            # Only editors change published items; the form is shown read-only to others.
            readonly += [f.name for f in self.model._meta.fields if f.editable]
        return readonly

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        user = request.user

        class StatusCheckedForm(form_class):
            """Refuses, with a message in the form, a status this person may not set."""

            def clean(self):
                cleaned = super().clean()
                status = cleaned.get("status")
                if status:
                    if self.instance.pk is None:
                        self.instance._loaded_status = None
                    try:
                        services.check_status_change(user, self.instance, status)
                    except PermissionDenied as refusal:
                        self.add_error("status", str(refusal))
                return cleaned

        return StatusCheckedForm

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        if not change:
            obj._loaded_status = None
        # A crafted POST that sets a status the user may not set is refused here, on the server.
        services.check_status_change(request.user, obj, obj.status)
        old_status = getattr(obj, "_loaded_status", None)
        if obj.status == Status.PUBLISHED and obj.published_at is None:
            from django.utils import timezone

            obj.published_at = timezone.now()
        super().save_model(request, obj, form, change)
        if old_status != obj.status:
            services.record_transition(obj, old_status, obj.status, request.user)

    def _change_status(self, request, queryset, action):
        if not services.can_publish(request.user, self.model):
            self.message_user(
                request,
                "Only editors can publish or unpublish. Mark the item ready for edit instead.",
                messages.ERROR,
            )
            return
        done = 0
        for item in queryset:
            try:
                action(item, request.user)
                done += 1
            except PermissionDenied as refusal:
                self.message_user(request, f"{item}: {refusal}", messages.ERROR)
        if done:
            self.message_user(request, f"{done} item(s) changed.", messages.SUCCESS)

    @admin.action(description="Publish selected items")
    def publish_selected(self, request, queryset):
        self._change_status(request, queryset, services.publish)

    @admin.action(description="Unpublish selected items")
    def unpublish_selected(self, request, queryset):
        self._change_status(request, queryset, services.unpublish)
