"""A reporter's proposed update to their own published story: the story's page opens for
them with `?propose=1`, and what they save is kept as a pending revision (`publishing.autosave`
with `proposed_at`), never written to the story. An editor sees it on the story's page with
what it changes, reviews it in the form (`?review=<id>`) and saves it, which publishes it
through the usual merge, or returns it with a note. Only editors change what readers see."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.http import HttpResponseRedirect

from .. import autosave, display, services
from ..models import Status
from ..signals import proposal_decided, update_proposed


class ProposalAdmin:
    """Mixed into VersionedAdmin."""

    def may_propose(self, request, obj):
        """A reporter's own published item, which the role rules keep them from changing."""
        return (
            obj is not None
            and getattr(obj, "status", None) == Status.PUBLISHED
            and services.edit_refusal(request.user, obj) is not None
            and admin.ModelAdmin.has_change_permission(self, request, obj)
            and services.is_own(request.user, obj)
        )

    def is_proposing(self, request, obj):
        proposing = getattr(request, "proposing", None)
        return obj is not None and proposing == (type(obj), obj.pk)

    def start_proposing(self, request, object_id):
        """Open the form for a proposal (`?propose=1`); a POST is kept, never saved. Returns
        the response for a POST, else None."""
        if object_id is None or "propose" not in request.GET:
            return None
        obj = self.get_object(request, unquote(object_id))
        if not self.may_propose(request, obj):
            return None
        request.proposing = (type(obj), obj.pk)
        if request.method != "POST":
            return None
        # The status stays as stored: a proposal changes words, never what is published.
        sent = request.POST.copy()
        sent["status"] = obj.status
        sent.pop("status_note", None)
        request.POST = sent
        kept = autosave.propose(request.user, obj, sent, self._typed_snapshot(request, obj))
        update_proposed.send(sender=type(obj), item=obj, proposal=kept)
        self.message_user(
            request,
            "Your proposed update is with the editors. Readers see nothing until an editor "
            "publishes it.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(self._url("change", obj.pk))

    def proposal_context(self, request, obj):
        context = {}
        if self.is_proposing(request, obj):
            context["proposing"] = True
        elif self.may_propose(request, obj):
            context["propose_url"] = f"{self._url('change', obj.pk)}?propose=1"
        if services.edit_refusal(request.user, obj) is None and hasattr(obj, "status"):
            reviewing = getattr(request, "reviewing", None)
            context["proposals"] = [
                {
                    "pk": kept.pk,
                    "by": display.person(kept.user),
                    "at": display.moment(kept.proposed_at),
                    "changes": autosave.differences(obj, kept),
                    "review_url": f"{self._url('change', obj.pk)}?review={kept.pk}",
                    "return_url": f"{self._url('autosave', obj.pk)}?return={kept.pk}",
                    "reviewing": reviewing is not None and reviewing.pk == kept.pk,
                }
                for kept in autosave.proposals(obj)
            ]
        return context

    def start_review(self, request, obj):
        """`?review=<id>`: an editor brings a proposal into the form to publish it."""
        try:
            pk = int(request.GET.get("review", ""))
        except ValueError:
            return
        if obj is not None and services.edit_refusal(request.user, obj) is None:
            request.reviewing = autosave.proposals(obj).filter(pk=pk).first()
            if request.method == "GET":
                request.recovered = request.reviewing

    def proposal_published(self, request, obj):
        """After a save from a review: the proposal is done, its author told."""
        reviewing = getattr(request, "reviewing", None)
        if reviewing is not None:
            reviewing.delete()
            proposal_decided.send(
                sender=type(obj), item=obj, proposal=reviewing, by=request.user,
                published=True, note="",
            )  # fmt: skip

    def return_proposal(self, request, obj):
        """An editor returns a proposal with a note (a POST to the autosave address)."""
        try:
            kept = autosave.proposals(obj).get(pk=int(request.GET["return"]))
        except (ValueError, KeyError, autosave.Autosave.DoesNotExist):
            self.message_user(request, "That proposed update is no longer there.", messages.WARNING)
            return HttpResponseRedirect(self._url("change", obj.pk))
        # Each proposal on the page has its own note box: the one beside this proposal's button.
        note = (request.POST.get(f"return_note-{kept.pk}") or "").strip()[:255]
        kept.delete()
        proposal_decided.send(
            sender=type(obj), item=obj, proposal=kept, by=request.user, published=False,
            note=note,
        )  # fmt: skip
        self.message_user(
            request, f"Returned the update {display.person(kept.user)} proposed.", messages.SUCCESS
        )
        return HttpResponseRedirect(self._url("change", obj.pk))
