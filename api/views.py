"""The content API, `/api/v1/`: a list of items with filters and a cursor, one item by guid,
and the OpenAPI 3.1 document (django-ninja writes it from these functions).

Answers are JSON written once (no second pass through pydantic: the schemas describe them
for the document, and the tests check the two agree). Every answer carries an ETag and
Last-Modified; a matching If-None-Match (or, for one item, If-Modified-Since) answers 304.
"""

import hashlib
import json
from datetime import UTC, datetime
from typing import Annotated

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import http_date, parse_http_date_safe
from ninja import NinjaAPI, Query
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import StringConstraints, WithJsonSchema

from reader.display import absolute

from . import selectors
from .access import NotAllowed, PartnerKey, RateLimited
from .items import build, dump
from .models import Removal
from .schemas import Gone, ItemList, Problem
from .schemas import Item as ItemSchema

api = NinjaAPI(
    title=f"{settings.NEWSROOM_SITE_NAME} content API",
    version="1",
    description=(
        "Published stories, galleries, timelines, photos, people and sections as IPTC ninjs "
        "3.1 items. Exactly what readers may see: drafts, scheduled and embargoed items answer "
        "404, removed ones 410. Send your key as X-API-Key (or Authorization: Bearer)."
    ),
    urls_namespace="api-1",
    auth=PartnerKey(),
    docs_url=None,
    openapi_url="/openapi.json",
)

MAX_LIMIT = 100
_KIND = "(" + "|".join(selectors.TYPES) + ")"
KindList = Annotated[str, StringConstraints(pattern=f"^{_KIND}(,{_KIND})*$")]
Slug = Annotated[str, StringConstraints(pattern="^[-a-zA-Z0-9_]*$", max_length=120)]
# Read by `_aware` (pydantic would take "0.5" for a time).
Moment = Annotated[str, WithJsonSchema({"type": "string", "format": "date-time"})]
Cursor = Annotated[
    str,
    WithJsonSchema(
        {"type": "string", "description": "The `next` of the previous page, unchanged."}
    ),
]
ERRORS = {400: Problem, 401: Problem, 429: Problem}


# What one key may see another may not, and the front cache's key is the address alone:
# no answer of the API is ever kept by a shared cache (ETags make revalidation cheap).
NOT_SHARED = {"Cache-Control": "private, no-cache", "Vary": "X-API-Key, Authorization, Origin"}


def _problem(status, detail, **headers):
    return _json(status, {"detail": detail}, **headers)


def _json(status, data, **headers):
    response = HttpResponse(json.dumps(data), status=status, content_type="application/json")
    for name, value in {**NOT_SHARED, **headers}.items():
        response[name.replace("_", "-")] = value
    return response


@api.exception_handler(NotAllowed)
def not_allowed(request, error):
    return _problem(401, str(error), WWW_Authenticate='Bearer realm="api"')


@api.exception_handler(RateLimited)
def rate_limited(request, error):
    return _problem(429, str(error), Retry_After=str(error.retry_after))


@api.exception_handler(selectors.BadRequest)
def bad_request(request, error):
    return _problem(400, str(error))


@api.exception_handler(NinjaValidationError)
def invalid_parameters(request, error):
    problems = [
        f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'request'}: {e.get('msg')}"
        for e in error.errors
    ]
    return _problem(400, "; ".join(problems) or "The request cannot be read.")


def _answer(request, body, etag, last_modified, *, single=False, status=200):
    """The answer with its validators; 304 when the client's copy is current."""
    etag = f'"{etag}"'
    headers = {"ETag": etag, **NOT_SHARED}
    if last_modified is not None:
        headers["Last-Modified"] = http_date(last_modified.timestamp())
    if _not_modified(request, etag, last_modified, single):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, status=status, content_type="application/json")
    for name, value in headers.items():
        response[name] = value
    return response


def _not_modified(request, etag, last_modified, single):
    wanted = request.headers.get("If-None-Match")
    if wanted is not None:
        return etag in {tag.strip().removeprefix("W/") for tag in wanted.split(",")} or (
            wanted.strip() == "*"
        )
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    # A list can lose an item without any item changing: only ETags say a list is the same.
    return bool(single and since and last_modified and int(last_modified.timestamp()) <= since)


LIST_PARAMETERS = ("type", "section", "person", "tag", "updated_since", "published_since",
                   "cursor", "limit")  # fmt: skip


def _known_parameters(request, known):
    """A misspelt filter would otherwise be ignored and return everything: refuse it."""
    unknown = sorted(set(request.GET) - set(known))
    if unknown:
        raise selectors.BadRequest(
            f"Unknown parameter {', '.join(repr(name) for name in unknown)}"
            + (f": this address takes {', '.join(known)}." if known else ".")
        )


def _kinds(type_filter):
    if type_filter is None:
        return selectors.DEFAULT_KINDS
    kinds = tuple(dict.fromkeys(part.strip() for part in type_filter.split(",") if part.strip()))
    unknown = [kind for kind in kinds if kind not in selectors.TYPES]
    if unknown or not kinds:
        raise selectors.BadRequest(
            f"Unknown type {', '.join(unknown) or type_filter!r}: choose from "
            f"{', '.join(selectors.TYPES)} (several with commas)."
        )
    return kinds


def _aware(text, name):
    """An ISO 8601 date-time with its offset (2026-12-01T09:00:00Z), or BadRequest."""
    if text is None:
        return None
    # RFC 3339 allows a lower-case t and z, and a leap second, which Python does not read.
    normal = text.upper().replace(":60", ":59")
    try:
        moment = datetime.fromisoformat(normal)
        if not timezone.is_naive(moment):
            moment = moment.astimezone(UTC)
    except OverflowError:
        return (
            datetime.max.replace(tzinfo=UTC)
            if moment.year > 1
            else datetime.min.replace(tzinfo=UTC)
        )
    except ValueError:
        raise selectors.BadRequest(
            f"{name} must be a date and time in ISO 8601, e.g. 2026-12-01T09:00:00Z."
        ) from None
    if timezone.is_naive(moment):
        raise selectors.BadRequest(f"{name} needs a time zone, e.g. 2026-12-01T09:00:00Z.")
    return moment


@api.get(
    "/items/",
    response={200: ItemList, 304: None, **ERRORS},
    summary="List items, newest first",
    operation_id="list_items",
)
def list_items(
    request,
    type: Query[KindList | None] = None,  # noqa: A002 (the filter's public name)
    section: Query[Slug | None] = None,
    person: Query[Slug | None] = None,
    tag: Query[Slug | None] = None,
    updated_since: Query[Moment | None] = None,
    published_since: Query[Moment | None] = None,
    cursor: Query[Cursor | None] = None,
    limit: int = Query(20, ge=1, le=MAX_LIMIT),
):
    """Items readers may see, newest first (by publication time; photos, people and sections
    by when they were added). `type` takes one kind or several with commas (by default
    article, gallery and timeline; `live` for live stories only, which `article` includes); `section`,
    `person` and `tag` take slugs; `updated_since` finds new versions and items that went
    live at their scheduled time; `cursor` is the previous page's `next`: pages stay the same
    while new items are published. `limit` is 1 to 100."""
    _known_parameters(request, LIST_PARAMETERS)
    filters = selectors.Filters(
        kinds=_kinds(type),
        section=section or "",
        person=person or "",
        tag=tag or "",
        updated_since=_aware(updated_since, "updated_since"),
        published_since=_aware(published_since, "published_since"),
    )
    now = timezone.now()
    wanted, following = selectors.page(
        request.auth, filters, selectors.decode_cursor(cursor), limit, now
    )
    items = build(wanted, request.auth, now)
    body = b'{"items":[' + b",".join(item.json for item in items) + b'],"next":'
    body += dump(following) + b"}"
    moments = [item.latest for item in items if item.latest is not None]
    digests = "".join(item.digest for item in items) + str(following)
    etag = hashlib.md5(digests.encode(), usedforsecurity=False).hexdigest()
    response = _answer(request, body, etag, max(moments, default=None))
    if following:
        query = request.GET.copy()
        query["cursor"] = following
        response["Link"] = f'<{absolute(request.path)}?{query.urlencode()}>; rel="next"'
    return response


@api.get(
    "/items/{guid}",
    response={200: ItemSchema, 304: None, 404: Problem, 410: Gone, **ERRORS},
    summary="One item",
    url_name="item",
    operation_id="get_item",
)
def get_item(request, guid: str):
    """One item by its guid ("article-12"). 404 for anything readers may not see (a draft,
    a scheduled or embargoed item, an unpublished one); 410 Gone, with the time, for an item
    that was removed, so partners take it down."""
    _known_parameters(request, ())
    now = timezone.now()
    found = selectors.parse_guid(guid)
    if found is not None:
        kind, pk = found
        if selectors.visible(kind, request.auth, now).filter(pk=pk).exists():
            items = build([found], request.auth, now)
            if items:
                item = items[0]
                return _answer(request, item.json, item.digest, item.latest, single=True)
        removal = Removal.objects.filter(guid=guid).first()
        if removal is not None:
            gone = {
                "detail": "This item was removed: take it down.",
                "guid": guid,
                "removed_at": removal.removed_at.isoformat(),
            }
            return _json(410, gone)
    return _problem(404, "No such item, or it is not published.")
