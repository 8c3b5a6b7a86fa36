"""The admin every versioned item shares (Photo, and through PublishableAdmin Article, Gallery
and Timeline): stale saves merged, autosave and recovery, soft edit locks, revisions with
history, comparison and restore."""

from functools import update_wrapper

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import router, transaction
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import capfirst

from .. import autosave, diff, display, history, locks, revisions, services, snapshots
from ..models import Revision, StaleEdit
from .autosaving import AutosaveAdmin
from .conflicts import keep_stored_seconds, versioned_form
from .fields import HeadlineField, fit
from .listing import ArchiveListAdmin
from .proposals import ProposalAdmin
from .restoring import RestoreAdmin
from .rows import merging_formset

# Form fields that are machinery, not content, in a refused submission.
_MACHINERY = ("csrfmiddlewaretoken", "loaded_version", "_save", "_continue", "_addanother")


class VersionedAdmin(AutosaveAdmin, RestoreAdmin, ProposalAdmin, ArchiveListAdmin):
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

    # Who may change an item: Django's permission, and the services' rules on the stored item
    # (a reporter's own drafts; only editors for what readers already see).

    def has_change_permission(self, request, obj=None):
        if self.is_proposing(request, obj):  # the form opens; what it sends is only kept
            return super().has_change_permission(request, obj)
        return super().has_change_permission(request, obj) and not services.edit_refusal(
            request.user, obj
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not services.edit_refusal(
            request.user, obj
        )

    def _url(self, name, *args):
        return reverse(
            f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_{name}",
            args=args,
        )

    # Forms: the version travels with the form and is checked under a row lock.

    def get_form(self, request, obj=None, change=False, **kwargs):
        return versioned_form(super().get_form(request, obj, change=change, **kwargs))

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "headline":
            kwargs.setdefault("form_class", HeadlineField)
            kwargs.setdefault("widget", HeadlineField.widget)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_formsets_with_inlines(self, request, obj=None):
        # Inline rows of a stale save are merged row by row too, and read as the form does.
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            fit(formset.form)
            yield merging_formset(formset), inline

    def get_changelist_form(self, request, **kwargs):
        return versioned_form(super().get_changelist_form(request, **kwargs))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        proposed = self.start_proposing(request, object_id)
        if proposed is not None:
            return proposed
        if object_id is not None and "review" in request.GET:
            self.start_review(request, self.get_object(request, unquote(object_id)))
        if (
            request.method == "POST"
            and object_id is not None
            and not self.is_proposing(request, self.get_object(request, unquote(object_id)))
        ):
            # Django's permission allows it, the role rules do not: say why, keep the text.
            obj = self.get_object(request, unquote(object_id))
            if obj is not None and admin.ModelAdmin.has_change_permission(self, request, obj):
                refusal = services.edit_refusal(request.user, obj)
                if refusal:
                    return self.refused_change_response(request, obj, refusal)
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleEdit as stale:
            # Only a submission without its version can get here (the form check came first).
            self.message_user(request, str(stale), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def changelist_view(self, request, extra_context=None):
        # The desk's lists take the window's width, so every column shows at 1280 px.
        extra_context = {"is_nav_sidebar_enabled": False, **(extra_context or {})}
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

    def _create_formsets(self, request, obj, change):
        # Kept for save_model, which Django does not hand the inlines.
        formsets, inline_instances = super()._create_formsets(request, obj, change)
        request.desk_formsets = formsets
        return formsets, inline_instances

    def unchanged(self, request, obj, form):
        """Whether this save changes nothing (form, rows, status, times): it is then not
        saved, so no version or revision is added for it."""
        formsets = getattr(request, "desk_formsets", [])
        if any(formset.has_changed() for formset in formsets):
            return False
        if any(
            form.cleaned_data.get(name) for name in ("material_update", "status_note")
        ) or getattr(form, "conflict", None):
            return False
        stored = type(obj)._base_manager.get(pk=obj.pk)
        typed = snapshots.snapshot_from_forms(form, formsets)
        return not diff.compare(type(obj), snapshots.snapshot(stored), typed)

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        keep_stored_seconds(obj, form)
        if change and self.unchanged(request, obj, form):
            form.unchanged = True
            self.message_user(
                request, "Nothing was changed, so no new version was saved.", messages.INFO
            )
            return
        self.save_item(request, obj, form)

    def save_item(self, request, obj, form):
        """Write the item itself. The revision is taken in save_related, once the inlines are
        saved too; a subclass may set `form.revision_summary` for it."""
        obj.save(saved_by=request.user, record_revision=False)

    def save_related(self, request, form, formsets, change):
        if getattr(form, "unchanged", False):
            autosave.discard(request.user, form.instance)
            for formset in formsets:  # what Django's change message reads
                formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            return
        super().save_related(request, form, formsets, change)
        summary = getattr(form, "revision_summary", "") or ("" if change else "Created")
        merged = getattr(form, "conflict", None)
        if merged is not None:
            # A stale save merged with the one saved in between: say what was kept.
            summary = "; ".join(
                filter(None, [summary, f"merged with version {merged.stored_version}"])
            )
            self.message_user(request, merged.summary, messages.INFO)
        revisions.record(form.instance, request.user, summary)
        autosave.discard(request.user, form.instance)  # saved: nothing left to recover
        if not change:  # the text its "Add" page kept is this item now
            autosave.discard_new(request.user, self.model, autosave.page_key(request.POST))
        self.proposal_published(request, form.instance)

    def response_change(self, request, obj):
        if "_continue" not in request.POST:
            locks.release(request.user, obj)
        return super().response_change(request, obj)

    # The change page: who else has it open, a refused save's differences.

    def change_page_notices(self, request, obj):
        """Sentences shown at the top of the change page (subclasses add their own)."""
        if self.is_proposing(request, obj):
            return [
                f"You are proposing an update to this published {obj._meta.verbose_name}: "
                "saving sends it to the editors, who see what it changes and publish it or "
                "return it to you. Readers see nothing until then."
            ]
        refusal = services.edit_refusal(request.user, obj)
        if refusal:
            return [f"You can read this {obj._meta.verbose_name} but not change it. {refusal}"]
        return []

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        conflict = getattr(form, "conflict", None)
        if conflict is not None and not (conflict.conflicts or conflict.base is None):
            conflict = None  # merged without a question (another error stopped the save)
        if conflict is not None:
            conflict.compare(form, [inline.formset for inline in context["inline_admin_formsets"]])
        context["conflict"] = conflict
        # The writing page takes the window's width (the admin's menu is in the breadcrumbs);
        # status, schedule and placement sit in a side column when the admin marks them.
        context["is_nav_sidebar_enabled"] = False
        context["side_fieldsets"] = any(
            "desk-side" in fieldset.classes for fieldset in context["adminform"]
        )
        if obj is not None and obj.pk is not None:
            if self.has_change_permission(request, obj):
                locks.touch(request.user, obj)
                context["editing_url"] = self._url("editing", obj.pk)
            context["others_editing"] = [
                lock_notice(lock) for lock in locks.others_editing(request.user, obj)
            ]
            context["notices"] = self.change_page_notices(request, obj)
            context.update(self.autosave_context(request, obj))
            context.update(self.proposal_context(request, obj))
        elif add:
            context.update(self.new_item_autosave_context(request))
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
            "transitions": history.status_history(obj) if hasattr(obj, "status") else [],
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
