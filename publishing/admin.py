"""What every versioned item's admin shares (Photo, and through PublishableAdmin Article,
Gallery and Timeline): stale saves refused with the other person's name and the differences,
soft edit locks, revisions with history, comparison and restore; and for publishable items
the role checks on every save path, the publish actions and the schedule shown.
"""

from functools import update_wrapper

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import router, transaction
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import capfirst

from . import diff, display, locks, revisions, services, snapshots
from .models import Revision, StaleEdit, Status

# Form fields that are machinery, not content, in a refused submission.
_MACHINERY = ("csrfmiddlewaretoken", "loaded_version", "_save", "_continue", "_addanother")


class Conflict:
    """A refused save: who saved in between, when, and what differs."""

    def __init__(self, item, loaded_version, stored_version):
        self.item = item
        self.loaded_version = loaded_version
        self.stored_version = stored_version
        self.latest = revisions.latest(item)
        self.by = self.latest.created_by if self.latest else None
        self.at = self.latest.created_at if self.latest else item.updated_at
        self.by_name = display.person(self.by)
        self.at_display = display.moment(self.at)
        self.theirs = self.yours = None

    @property
    def message(self):
        return (
            f"Not saved: {self.by_name} saved this {self.item._meta.verbose_name} at "
            f"{self.at_display} (version {self.stored_version}) after you opened it "
            f"(version {self.loaded_version}). Your text is kept in the form below: compare it "
            "with theirs, then save again to replace their version with yours, or reload "
            "the page to start from theirs."
        )

    def compare(self, form, formsets):
        """The differences: what they changed since you opened it, and yours against theirs."""
        model = type(self.item)
        stored = snapshots.snapshot(model._base_manager.get(pk=self.item.pk))
        opened = revisions.at_version(self.item, self.loaded_version)
        if opened is not None:
            self.theirs = diff.compare(model, opened.content, stored)
        self.yours = diff.compare(model, stored, snapshots.snapshot_from_forms(form, formsets))


def refuse_if_stale(form):
    """Refuse `form` when the item was saved after the form was loaded.

    The stored version is read with SELECT ... FOR UPDATE: the admin runs a change form POST
    (and, here, a list edit POST) in one transaction, so the row stays locked until this
    save is written or refused. The refused form keeps the person's text and now carries the
    stored version, so saving again (after seeing the differences) is a deliberate choice.
    """
    item = form.instance
    loaded = form.cleaned_data.get("loaded_version")
    if item.pk is None or loaded is None:
        return
    rows = type(item)._base_manager.filter(pk=item.pk)
    if transaction.get_connection(router.db_for_write(type(item))).in_atomic_block:
        rows = rows.select_for_update()
    stored = rows.values_list("version", flat=True).first()
    if stored is None or stored == loaded:
        return
    form.conflict = Conflict(item, loaded, stored)
    form.add_error(None, form.conflict.message)
    data = form.data.copy()
    data[form.add_prefix("loaded_version")] = str(stored)
    form.data = data


def keep_stored_seconds(obj, form):
    """The admin's date and time inputs drop fractions of a second: a time nobody changed
    keeps its stored value, so a save never moves `published_at` by a fraction."""
    for name, field in form.fields.items():
        stored = form.initial.get(name)
        if not isinstance(field, forms.SplitDateTimeField) or stored is None:
            continue
        if getattr(obj, name, None) == stored.replace(microsecond=0):
            setattr(obj, name, stored)


def versioned_form(form_class):
    """`form_class` with the hidden version it was loaded at, checked on save."""

    class VersionedForm(form_class):
        loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if self.instance.pk is not None:
                self.initial["loaded_version"] = self.instance.version

        def clean(self):
            cleaned = super().clean()
            refuse_if_stale(self)
            return cleaned

    VersionedForm.__name__ = form_class.__name__
    return VersionedForm


class VersionedAdmin(admin.ModelAdmin):
    """Base admin for everything with a version: Photo, and (through PublishableAdmin) Article,
    Gallery and Timeline. Subclasses that set their own change form template should extend
    "admin/publishing/change_form.html"."""

    change_form_template = "admin/publishing/change_form.html"
    object_history_template = "admin/publishing/object_history.html"

    # Addresses: heartbeat, history comparison, restore.

    def get_urls(self):
        def wrap(view):
            def wrapper(*args, **kwargs):
                return self.admin_site.admin_view(view)(*args, **kwargs)

            wrapper.model_admin = self
            return update_wrapper(wrapper, view)

        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "<path:object_id>/editing/",
                wrap(self.editing_view),
                name=f"{prefix}_editing",
            ),
            path(
                "<path:object_id>/history/compare/",
                wrap(self.compare_view),
                name=f"{prefix}_compare",
            ),
            path(
                "<path:object_id>/history/<int:revision_id>/restore/",
                wrap(self.restore_view),
                name=f"{prefix}_restore",
            ),
            *super().get_urls(),
        ]

    def _url(self, name, *args):
        return reverse(
            f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_{name}",
            args=args,
        )

    # Forms: the version travels with the form and is checked under a row lock.

    def get_form(self, request, obj=None, change=False, **kwargs):
        return versioned_form(super().get_form(request, obj, change=change, **kwargs))

    def get_changelist_form(self, request, **kwargs):
        return versioned_form(super().get_changelist_form(request, **kwargs))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleEdit as stale:
            # Only a submission without its version can get here (the form check came first).
            self.message_user(request, str(stale), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def changelist_view(self, request, extra_context=None):
        if request.method != "POST":
            return super().changelist_view(request, extra_context)
        # One transaction for the whole list edit, so each row's version check holds its lock
        # until the row is written.
        try:
            with transaction.atomic(using=router.db_for_write(self.model)):
                return super().changelist_view(request, extra_context)
        except StaleEdit as stale:
            self.message_user(request, str(stale), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        keep_stored_seconds(obj, form)
        # The revision is taken in save_related, once the inlines are saved too.
        obj.save(saved_by=request.user, record_revision=False)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        summary = getattr(form, "revision_summary", "") or ("" if change else "Created")
        revisions.record(form.instance, request.user, summary)

    def response_change(self, request, obj):
        if "_continue" not in request.POST:
            locks.release(request.user, obj)
        return super().response_change(request, obj)

    # The change page: who else has it open, a refused save's differences.

    def change_page_notices(self, request, obj):
        """Sentences shown at the top of the change page (subclasses add their own)."""
        return []

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        conflict = getattr(form, "conflict", None)
        if conflict is not None:
            conflict.compare(form, [inline.formset for inline in context["inline_admin_formsets"]])
        context["conflict"] = conflict
        if obj is not None and obj.pk is not None:
            if self.has_change_permission(request, obj):
                locks.touch(request.user, obj)
                context["editing_url"] = self._url("editing", obj.pk)
            context["others_editing"] = [
                lock_notice(lock) for lock in locks.others_editing(request.user, obj)
            ]
            context["notices"] = self.change_page_notices(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def editing_view(self, request, object_id):
        """The heartbeat of an open change page: keeps this person's soft lock fresh and
        answers who else has the item open."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        if request.POST.get("release"):
            locks.release(request.user, obj)
            return JsonResponse({"released": True})
        if self.has_change_permission(request, obj):
            locks.touch(request.user, obj)
        others = locks.others_editing(request.user, obj)
        return JsonResponse({"others": [lock_notice(lock) for lock in others]})

    # History: revisions with who and when, comparison, restore.

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        listed = list(
            revisions.revisions_of(obj)
            .select_related("created_by")
            .defer("content")
            .order_by("-version")[:500]
        )
        for revision in listed:
            revision.restore_url = self._url("restore", obj.pk, revision.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": f"History: {obj}",
            "subtitle": None,
            "object": obj,
            "opts": self.opts,
            "module_name": str(capfirst(self.opts.verbose_name_plural)),
            "revisions": listed,
            "compare_url": self._url("compare", obj.pk),
            "can_restore": self.has_change_permission(request, obj),
            "transitions": list(services.transitions_of(obj)[:200])
            if hasattr(obj, "status")
            else [],
            "preserved_filters": self.get_preserved_filters(request),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.object_history_template, context)

    def compare_view(self, request, object_id):
        """Two revisions side by side, field by field, with a word diff of the text."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        history = revisions.revisions_of(obj).select_related("created_by")
        try:
            newer = history.get(pk=int(request.GET["b"])) if "b" in request.GET else None
            older = history.get(pk=int(request.GET["a"])) if "a" in request.GET else None
        except (ValueError, Revision.DoesNotExist) as missing:
            raise Http404("No such revision of this item.") from missing
        newer = newer or history.order_by("-version").first()
        if newer is None:
            raise Http404("This item has no revisions yet.")
        older = older or history.filter(version__lt=newer.version).order_by("-version").first()
        older = older or newer
        if older.version > newer.version:
            older, newer = newer, older
        context = {
            **self.admin_site.each_context(request),
            "title": f"Compare versions: {obj}",
            "subtitle": None,
            "object": obj,
            "opts": self.opts,
            "older": older,
            "newer": newer,
            "changes": diff.compare(self.model, older.content, newer.content),
            "can_restore": self.has_change_permission(request, obj),
            "restore_url": self._url("restore", obj.pk, older.pk),
            "history_url": self._url("history", obj.pk),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/publishing/revision_compare.html", context)

    def restore_view(self, request, object_id, revision_id):
        """One click (a POST with the CSRF token): bring back a revision's content as a new version."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        revision = get_object_or_404(revisions.revisions_of(obj), pk=revision_id)
        try:
            restored, notes = services.restore(obj, revision, request.user)
        except (PermissionDenied, services.RestoreRefused) as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            return HttpResponseRedirect(self._url("history", obj.pk))
        self.message_user(
            request,
            f"Restored the content of version {revision.version} as version {restored.version}. "
            "Status and publication times are unchanged.",
            messages.SUCCESS,
        )
        for note in notes:
            self.message_user(request, note, messages.WARNING)
        return HttpResponseRedirect(self._url("change", obj.pk))


def lock_notice(lock):
    """A soft lock as the change page shows it."""
    return {
        "name": display.person(lock.user),
        "since": lock.opened_at.isoformat(),
        "text": (
            f"{display.person(lock.user)} has had this open since "
            f"{display.moment(lock.opened_at)}. You can still edit: if they save first, "
            "your save will show you their changes before anything is replaced."
        ),
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

    actions = ["publish_selected", "unpublish_selected", "mark_ready", "back_to_draft"]
    # Only editors set these; others see them read-only.
    editor_only_fields = ("published_at", "embargo_until")

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not services.edit_refusal(
            request.user, obj
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not services.edit_refusal(
            request.user, obj
        )

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not services.can_publish(request.user, self.model):
            readonly += [name for name in self.editor_only_fields if name not in readonly]
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

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        user = request.user
        editor = services.can_publish(user, self.model)

        class StatusCheckedForm(form_class):
            """Refuses, with a message in the form, a status this person may not set."""

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

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and object_id is not None:
            obj = self.get_object(request, unquote(object_id))
            if obj is not None and super().has_change_permission(request, obj):
                refusal = services.edit_refusal(request.user, obj)
                if refusal:
                    return self.refused_change_response(request, obj, refusal)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def refused_change_response(self, request, obj, refusal):
        """A change this person may not make: say why, and give back what they sent."""
        labels = {f.name: f.verbose_name for f in self.model._meta.fields}
        sent = [
            (capfirst(labels.get(name, name)), value)
            for name, value in request.POST.items()
            if value.strip()
            and name not in _MACHINERY
            and not name.endswith(
                ("-TOTAL_FORMS", "-INITIAL_FORMS", "-MIN_NUM_FORMS", "-MAX_NUM_FORMS")
            )
            and not name.endswith(("-id", "-DELETE"))
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": f"Not saved: {obj}",
            "subtitle": None,
            "opts": self.opts,
            "object": obj,
            "refusal": refusal,
            "sent": sent,
            "change_url": self._url("change", obj.pk),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request, "admin/publishing/change_refused.html", context, status=403
        )

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        keep_stored_seconds(obj, form)
        # Status and first publication time by the publishing service's rules, checked again
        # on the server (a crafted POST is refused there). The revision is taken in
        # save_related, once the inlines are saved too.
        transition = services.save_edit(obj, request.user, record_revision=False)
        if transition is not None:
            form.revision_summary = transition.get_to_status_display()
        warning = services.embargo_warning(obj)
        if warning:
            self.message_user(request, warning, messages.WARNING)

    def change_page_notices(self, request, obj):
        notices = []
        refusal = services.edit_refusal(request.user, obj)
        if refusal:
            notices.append(
                f"You can read this {obj._meta.verbose_name} but not change it. {refusal}"
            )
        if obj.is_scheduled:
            notices.append(
                f"{self.publication(obj)}: it becomes visible to readers by itself then."
            )
        elif obj.embargo_until and obj.embargo_until > timezone.now():
            notices.append(
                f"Embargoed until {display.moment(obj.embargo_until)}: readers will see nothing "
                "before then, even once it is published."
            )
        return notices

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            context["transitions"] = list(services.transitions_of(obj)[:20])
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

    @admin.action(description="Publish selected items")
    def publish_selected(self, request, queryset):
        if not services.can_publish(request.user, self.model):
            self.message_user(
                request,
                "Only editors can publish. Mark the item ready for edit instead.",
                messages.ERROR,
            )
            return
        self._each(request, queryset, services.publish, "{count} item(s) published.")

    @admin.action(description="Unpublish selected items")
    def unpublish_selected(self, request, queryset):
        if not services.can_publish(request.user, self.model):
            self.message_user(request, "Only editors can unpublish.", messages.ERROR)
            return
        self._each(request, queryset, services.unpublish, "{count} item(s) unpublished.")

    @admin.action(description="Mark selected items ready for edit")
    def mark_ready(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda item, user: services.set_status(item, Status.READY, user),
            "{count} item(s) marked ready for edit.",
        )

    @admin.action(description="Move selected items back to draft")
    def back_to_draft(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda item, user: services.set_status(item, Status.DRAFT, user),
            "{count} item(s) moved back to draft.",
        )
