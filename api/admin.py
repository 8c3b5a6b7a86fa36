"""The desk's side of the content API: partners' keys (made, shown once, revoked), their
webhooks, and the delivery log with "send again"."""

from django import forms
from django.contrib import admin, messages
from django.utils import timezone

from .models import ApiKey, Delivery, Event, Webhook, hash_key, new_key
from .webhooks import send_again


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ("name", "key_start", "rate_limit", "section_list", "last_used_at", "state")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    search_fields = ("name", "key_start")
    filter_horizontal = ("sections",)
    readonly_fields = ("key_start", "created_by", "created_at", "last_used_at", "revoked_at")
    fields = ("name", "rate_limit", "sections", *readonly_fields)
    actions = ["revoke"]

    @admin.display(description="sections")
    def section_list(self, api_key):
        return ", ".join(str(s) for s in api_key.sections.all()) or "All"

    @admin.display(description="state")
    def state(self, api_key):
        return f"Revoked {api_key.revoked_at:%Y-%m-%d %H:%M}" if api_key.revoked_at else "Active"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("sections")

    def save_model(self, request, obj, form, change):
        if not change:
            secret = new_key()
            obj.key_hash, obj.key_start = hash_key(secret), secret[:8]
            obj.created_by = request.user
            messages.warning(
                request,
                f"The key for “{obj.name}” is {secret} — copy it now and send it to the partner "
                "safely: it is not stored and cannot be shown again.",
            )
        super().save_model(request, obj, form, change)

    @admin.action(description="Revoke the selected keys", permissions=["change"])
    def revoke(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, f"{count} key(s) revoked: they no longer open the API.")


class WebhookForm(forms.ModelForm):
    url = forms.URLField(label="address", max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(
        choices=Event.choices, widget=forms.CheckboxSelectMultiple, initial=Event.values
    )

    class Meta:
        model = Webhook
        fields = ("name", "url", "events", "is_active", "secret")


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    form = WebhookForm
    list_display = ("name", "url", "event_list", "is_active", "created_at")
    list_filter = ("is_active",)
    search_fields = ("name", "url")

    @admin.display(description="events")
    def event_list(self, hook):
        return ", ".join(hook.events or [])


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "webhook", "event", "guid", "status", "response_code",
                    "attempts", "last_attempt_at", "next_attempt_at")  # fmt: skip
    list_filter = ("status", "event", "webhook")
    search_fields = ("guid",)
    list_select_related = ("webhook",)
    readonly_fields = ("webhook", "event", "guid", "payload", "status", "attempts",
                       "response_code", "last_error", "created_at", "last_attempt_at",
                       "next_attempt_at", "delivered_at")  # fmt: skip
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Send again", permissions=["change"])
    def send_again(self, request, queryset):
        count = send_again(queryset.select_related("webhook"))
        self.message_user(request, f"{count} deliver(y/ies) queued to be sent again.")
