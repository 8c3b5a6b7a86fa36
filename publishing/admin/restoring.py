"""Restoring an old version, with care: the history's "Restore" opens a confirmation that
shows what the restore changes (and, for a live item, that readers see it at once), and lists
what the item says was wrong since that version (an article's newer corrections) with a
warning; only the confirmation's POST restores."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from .. import diff, revisions, services, snapshots


def restorable(content):
    """A snapshot without the parts a restore never brings back (status, times, records)."""
    return {**content, "state": {}, "records": {}}


class RestoreAdmin:
    """Mixed into VersionedAdmin before Django's ModelAdmin."""

    def restore_item(self, request, obj, revision):
        """Bring back `revision` (the photo admin also brings back its picture)."""
        return services.restore(obj, revision, request.user)

    def restore_view(self, request, object_id, revision_id):
        """GET: the confirmation. POST (with the CSRF token): bring back a revision's content
        as a new version."""
        if request.method not in ("GET", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        revision = get_object_or_404(revisions.revisions_of(obj), pk=revision_id)
        if request.method == "GET":
            return self.restore_confirmation(request, obj, revision)
        try:
            restored, notes = self.restore_item(request, obj, revision)
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

    def restore_confirmation(self, request, obj, revision):
        stored = snapshots.snapshot(obj)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Restore version {revision.version}?",
            "subtitle": None,
            "object": obj,
            "opts": self.opts,
            "revision": revision,
            "live": getattr(obj, "is_live", False),
            "changes": diff.compare(self.model, restorable(stored), restorable(revision.content)),
            "warnings": obj.restore_warnings(revision),
            "restore_url": self._url("restore", obj.pk, revision.pk),
            "history_url": self._url("history", obj.pk),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/publishing/restore_confirm.html", context)
