"""Autosave and recovery on a versioned item's change page (`publishing.autosave` keeps the
text): the page sends what is typed to `<id>/autosave/`; reopening the item offers unsaved
text back with what it changes, and `?recover=<id>` puts it into the form, unsaved.

The "Add" page does the same before the item exists: it sends to `add/autosave/` with a key
of its own, the next "Add" page offers what was never saved, and the first save ends it."""

from django.contrib import messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.urls import path
from django.utils import timezone

from .. import autosave, display, snapshots


def _clock(value):
    local = timezone.localtime(value)
    return f"{display.ap_time(local)} {local.tzname()}"


class AutosaveAdmin:
    """Mixed into VersionedAdmin before Django's ModelAdmin."""

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view(self.autosave_view)
        new_item_view = self.admin_site.admin_view(self.autosave_new_view)
        return [
            path("add/autosave/", new_item_view, name=f"{prefix}_autosave_new"),
            path("<path:object_id>/autosave/", view, name=f"{prefix}_autosave"),
            *super().get_urls(),
        ]

    def autosave_view(self, request, object_id):
        """Keep what this person has typed (a POST of the whole form), or discard it."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            return JsonResponse({"text": "You may not change this item: nothing kept."}, status=403)
        if "return" in request.GET:  # an editor returns a proposed update with a note
            return self.return_proposal(request, obj)
        if request.POST.get("discard"):
            autosave.discard(request.user, obj)
            self.message_user(request, "Your unsaved text is discarded.", messages.SUCCESS)
            return HttpResponseRedirect(self._url("change", obj.pk))
        stored_version = obj.version
        kept = autosave.keep(
            request.user,
            obj,
            request.session.session_key,
            request.POST,
            self._typed_snapshot(request, obj),
        )
        text = (
            f"Autosaved at {_clock(kept.saved_at)}: not saved yet, "
            "and nothing changes for readers until you save."
        )
        if kept.loaded_version != stored_version:
            text += " Someone saved a newer version meanwhile: saving merges yours with theirs."
        return JsonResponse({"saved_at": kept.saved_at.isoformat(), "text": text})

    def autosave_new_view(self, request):
        """Keep what this person has typed on an "Add" page (a POST of the whole form and the
        page's key), or discard one such text (`?discard=<id>`)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_add_permission(request):
            return JsonResponse({"text": "You may not add this item: nothing kept."}, status=403)
        if "discard" in request.GET:
            try:
                kept = autosave.find_new(request.user, self.model, int(request.GET["discard"]))
            except ValueError:
                kept = None
            if kept is not None:
                kept.delete()
            self.message_user(request, "Your unsaved text is discarded.", messages.SUCCESS)
            return HttpResponseRedirect(self._url("add"))
        key = autosave.page_key(request.POST)
        if not key:
            return JsonResponse({"text": "Not autosaved: reload the page."}, status=400)
        kept = autosave.keep_new(
            request.user, self.model, key, request.POST, self._typed_snapshot(request, None)
        )
        text = (
            f"Autosaved at {_clock(kept.saved_at)}: not saved yet. Nothing exists for readers "
            f"until you save this {self.opts.verbose_name}."
        )
        return JsonResponse({"saved_at": kept.saved_at.isoformat(), "text": text})

    def _typed_snapshot(self, request, obj):
        """What the page holds, read by the same forms as a save (never merged, never saved);
        `obj` None: an "Add" page."""
        change = obj is not None
        fieldsets = self.get_fieldsets(request, obj)
        form_class = self.get_form(request, obj, change=change, fields=flatten_fieldsets(fieldsets))
        # Words only: an uploaded picture is never read (nor kept) by an autosave.
        form = form_class(request.POST, {}, instance=obj if change else self.model())
        form.merging = False
        formsets, _ = self._create_formsets(request, form.instance, change=change)
        form.is_valid()
        for formset in formsets:
            formset.merging = False
            formset.is_valid()
        return snapshots.snapshot_from_forms(form, formsets)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "GET" and object_id is None and "recover" in request.GET:
            if self.has_add_permission(request):
                try:
                    pk = int(request.GET["recover"])
                except ValueError:
                    pk = None
                request.recovered = pk and autosave.find_new(request.user, self.model, pk)
                if not request.recovered:
                    request.recovered = None
                    self.message_user(
                        request, "That unsaved text is no longer kept.", messages.WARNING
                    )
        if request.method == "GET" and object_id is not None and "recover" in request.GET:
            obj = self.get_object(request, unquote(object_id))
            if obj is not None and self.has_change_permission(request, obj):
                try:
                    request.recovered = autosave.find(
                        request.user, obj, int(request.GET["recover"])
                    )
                except ValueError:
                    request.recovered = None
                if request.recovered is None:
                    self.message_user(
                        request, "That unsaved text is no longer kept.", messages.WARNING
                    )
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        kept = getattr(request, "recovered", None)
        if kept is None:
            return form_class
        return type(
            form_class.__name__,
            (form_class,),
            {"recovered_data": autosave.as_post(kept), "fill_missing": bool(kept.proposed_at)},
        )

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        kept = getattr(request, "recovered", None)
        if kept is not None:
            kwargs.update(data=autosave.as_post(kept), files={})
        return kwargs

    def new_item_autosave_context(self, request):
        """The "Add" page's autosave address and key, and text from add pages never saved, to
        offer back or just brought back."""
        if not self.has_add_permission(request):
            return {}
        kept = getattr(request, "recovered", None)
        context = {
            "autosave_url": self._url("autosave_new"),
            "autosave_page_key": (kept.session_key if kept else autosave.page_key(request.POST))
            or autosave.new_page_key(),
        }
        if kept is not None:
            context["recovered"] = {
                "at": display.moment(kept.saved_at),
                "changes": autosave.differences_new(self.model, kept),
                "discard_url": f"{self._url('autosave_new')}?discard={kept.pk}",
            }
        elif request.method == "GET":
            offers = []
            for kept in autosave.unsaved_new(request.user, self.model)[:10]:
                changes = autosave.differences_new(self.model, kept)
                if not changes:
                    kept.delete()  # an add page left as it opened
                    continue
                offers.append(
                    {
                        "at": display.moment(kept.saved_at),
                        "changes": changes,
                        "recover_url": f"{self._url('add')}?recover={kept.pk}",
                        "discard_url": f"{self._url('autosave_new')}?discard={kept.pk}",
                    }
                )
            context["new_item_offers"] = offers
        return context

    def autosave_context(self, request, obj):
        """The change page's autosave address, and unsaved text to offer or just brought back."""
        if obj is None or obj.pk is None or not self.has_change_permission(request, obj):
            return {}
        if self.is_proposing(request, obj):
            return {}  # a proposal is kept when it is sent, not as it is typed
        context = {"autosave_url": self._url("autosave", obj.pk)}
        kept = getattr(request, "recovered", None)
        if kept is not None:
            context["recovered"] = {
                "at": display.moment(kept.saved_at),
                "changes": autosave.differences(obj, kept),
            }
        elif request.method == "GET":
            kept = autosave.latest(request.user, obj)
            changes = autosave.differences(obj, kept) if kept else None
            if changes:
                context["autosave_offer"] = {
                    "at": display.moment(kept.saved_at),
                    "changes": changes,
                    "recover_url": f"{self._url('change', obj.pk)}?recover={kept.pk}",
                }
            elif kept is not None:
                autosave.discard(request.user, obj)  # it matches what is stored
        return context
