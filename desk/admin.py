"""The desk in the admin: each article, gallery and timeline page gets its notes (composed
here, onto the admins those apps register, so they never import the desk), and everyone
gets an inbox of their notifications with an email switch."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.body import render as body_render
from articles.models import Article, Timeline
from media_gallery.models import Gallery
from publishing import display

from . import services
from .models import Notification


class NotesAdmin:
    """Notes on an item's change page: listed under the form, added without losing what is
    typed in it (the note form posts on its own, by script, or as a plain form)."""

    change_form_template = "admin/desk/change_form.html"

    def get_urls(self):
        view = self.admin_site.admin_view(self.notes_view)
        name = f"{self.opts.app_label}_{self.opts.model_name}_notes"
        return [path("<path:object_id>/notes/", view, name=name), *super().get_urls()]

    def notes_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        back = reverse(
            f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_change",
            args=[obj.pk],
        )
        wants_json = request.headers.get("X-Requested-With") == "fetch"
        try:
            note = services.add_note(obj, request.user, request.POST.get("text", ""))
        except ValidationError as refusal:
            if wants_json:
                return JsonResponse({"error": " ".join(refusal.messages)}, status=400)
            self.message_user(request, " ".join(refusal.messages), messages.ERROR)
            return HttpResponseRedirect(back)
        if wants_json:
            html = render_to_string("admin/desk/includes/note.html", {"note": note})
            return JsonResponse({"html": html})
        self.message_user(request, "Note added.", messages.SUCCESS)
        return HttpResponseRedirect(f"{back}#desk-notes")

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            context["desk_notes"] = list(services.notes_of(obj))
            context["desk_notes_url"] = reverse(
                f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_notes",
                args=[obj.pk],
            )
        return super().render_change_form(request, context, add, change, form_url, obj)


class FormattedBodyAdmin:
    """Someone who may read a story but not change it (a reporter and a published story)
    sees its body formatted as readers will, not as raw HTML."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        return [
            (name, {**options, "fields": [
                "formatted_body" if field == "body" else field for field in options["fields"]
            ]})
            for name, options in fieldsets
        ]  # fmt: skip

    @admin.display(description="Body")
    def formatted_body(self, article):
        blocks = body_render.blocks_of(article.body)
        html = body_render.page_html(blocks, body_render.load(blocks), article.dateline)
        return format_html('<div class="desk-formatted-body">{}</div>', html)


def _compose(model, *mixins):
    """Register `model` again with the desk's parts on top of its app's own admin."""
    registered = type(admin.site.get_model_admin(model))
    admin.site.unregister(model)
    composed = type(registered.__name__, (*mixins, registered), {"__module__": __name__})
    admin.site.register(model, composed)


_compose(Article, NotesAdmin, FormattedBodyAdmin)
_compose(Gallery, NotesAdmin)
_compose(Timeline, NotesAdmin)


@admin.register(Notification)
class InboxAdmin(admin.ModelAdmin):
    """Each person's notifications, newest first, unread marked; opening one marks it read."""

    change_list_template = "admin/desk/inbox.html"
    list_display = ["unread", "what", "about", "said", "when"]
    list_display_links = None
    list_filter = ["kind", ("read_at", admin.EmptyFieldListFilter)]
    actions = ["mark_read"]
    list_per_page = 50

    def get_queryset(self, request):
        return super().get_queryset(request).filter(recipient=request.user).select_related("actor")

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request) and (
            obj is None or obj.recipient_id == request.user.pk
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "<int:notification_id>/open/",
                self.admin_site.admin_view(self.open_view),
                name="desk_notification_open",
            ),
            path(
                "email/",
                self.admin_site.admin_view(self.email_view),
                name="desk_notification_email",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "wants_email": services.wants_email(request.user)}
        return super().changelist_view(request, extra_context)

    def open_view(self, request, notification_id):
        notification = get_object_or_404(Notification, pk=notification_id, recipient=request.user)
        services.mark_read(request.user, Notification.objects.filter(pk=notification.pk))
        item = notification.item
        if item is None:
            self.message_user(request, "That item has been deleted.", messages.WARNING)
            return HttpResponseRedirect(reverse("admin:desk_notification_changelist"))
        return HttpResponseRedirect(f"{services.change_url(item)}#desk-notes")

    def email_view(self, request):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        on = request.POST.get("email") == "on"
        services.set_email(request.user, on)
        self.message_user(
            request,
            "Notifications will also come by email."
            if on
            else "Notifications will no longer come by email; they stay in this inbox.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:desk_notification_changelist"))

    @admin.action(description="Mark selected as read", permissions=["view"])
    def mark_read(self, request, queryset):
        count = services.mark_read(request.user, queryset)
        self.message_user(request, f"{count} marked as read.", messages.SUCCESS)

    @admin.display(description="")
    def unread(self, notification):
        return "" if notification.read_at else mark_safe('<span class="desk-unread">New</span>')

    @admin.display(description="What")
    def what(self, notification):
        return f"{notification.get_kind_display()} — by {display.person(notification.actor)}"

    @admin.display(description="About")
    def about(self, notification):
        url = reverse("admin:desk_notification_open", args=[notification.pk])
        return format_html('<a href="{}">{}</a>', url, notification.headline)

    @admin.display(description="Note")
    def said(self, notification):
        return notification.text

    @admin.display(description="When", ordering="created_at")
    def when(self, notification):
        return display.moment(notification.created_at)
