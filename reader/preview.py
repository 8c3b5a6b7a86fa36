"""Which item a reader page shows at an address: the published one, or for staff who may see
it in the admin, an unpublished one as a preview (bannered, never cached, never indexed)."""

from dataclasses import dataclass

from django.utils.cache import add_never_cache_headers


@dataclass(frozen=True)
class Found:
    """The item at an address: its id, its one canonical address, and whether it is a preview."""

    pk: int
    url: str
    preview: bool = False


def can_preview(request, model):
    """Staff who may see this kind of item in the admin may preview it before it is published."""
    user = request.user
    opts = model._meta
    return (
        user.is_active
        and user.is_staff
        and user.has_perm(f"{opts.app_label}.view_{opts.model_name}")
    )


def mark_preview(response):
    """A preview is never cached anywhere and never indexed."""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _address(queryset, fields):
    item = queryset.only("pk", *fields).first()
    return (item.pk, item.get_absolute_url()) if item is not None else None


def find(request, fragments, model, *, address_fields=("slug",), **lookup):
    """The item of `model` matching `lookup` that this request may see, or None.

    Readers get the published item, by the one `published()` rule; the answer is kept with the
    page's fragments ("lookup"), so a warm page asks no SQL. Staff who may preview get an
    unpublished one too, marked `preview`, and the page's fragments are then turned off.
    `address_fields` are what the model's `get_absolute_url()` reads.
    """
    found = fragments.remember(
        "lookup", lambda: _address(model.objects.published().filter(**lookup), address_fields)
    )
    if found is not None:
        return Found(*found)
    if not can_preview(request, model):
        return None
    draft = _address(model.objects.filter(**lookup), address_fields)
    if draft is None:
        return None
    fragments.enabled = False
    return Found(*draft, preview=True)
