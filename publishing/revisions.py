"""Revisions: a JSON snapshot of an item and everything that belongs to it, one per version.

Why our own model and not django-reversion: a revision here must hold the rows that belong
to an item (credits, promos, gallery photo rows, timeline events, tags) in one snapshot taken
after the admin's inlines are saved; restoring must bring back content only and never status
or times; and the snapshot is written inside the same transaction as the versioned save
(`Versioned.save`), so the version number, the row and its revision cannot disagree.

A snapshot looks like::

    {"fields": {"headline": "...", "section": 3},     # restored
     "labels": {"section": "World"},                  # how FK values read, at the time
     "state": {"status": "published", ...},           # shown, never restored
     "tags": ["syria"],                               # restored
     "children": {"credits": [{"values": {...}, "label": "Jane Doe · Byline author"}]},
     "records": {"corrections": [...]}}               # shown, never restored
"""

import datetime
import decimal
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from taggit.managers import TaggableManager

from .models import Revision

# Fields no snapshot holds: identity and the version machinery itself.
BOOKKEEPING = {"version", "created_by", "created_at", "updated_at"}


def content_fields(model):
    """The item's own fields a revision restores."""
    state = set(model.revision_state_fields)
    chosen = model.revision_fields
    return [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key
        and field.editable
        and field.name not in BOOKKEEPING
        and field.name not in state
        and not isinstance(field, models.FileField)
        and (chosen is None or field.name in chosen)
    ]


def state_fields(model):
    return [model._meta.get_field(name) for name in model.revision_state_fields]


def tag_field(model):
    for field in [*model._meta.many_to_many, *model._meta.private_fields]:
        if isinstance(field, TaggableManager):
            return field
    return None


def child_model(model, relation):
    return model._meta.get_field(relation).related_model


def to_json(value):
    """A field value as JSON: times and dates as ISO 8601, decimals and UUIDs as text."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def display(instance, field):
    """How a value reads to a person: a related item's name, a choice's label."""
    value = getattr(instance, field.attname)
    if value is None or value == "":
        return ""
    if field.is_relation:
        return str(getattr(instance, field.name))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def row(instance, field_names):
    fields = [instance._meta.get_field(name) for name in field_names]
    return {
        "values": {f.name: to_json(getattr(instance, f.attname)) for f in fields},
        "label": " · ".join(text for text in (display(instance, f) for f in fields) if text),
    }


def _rows(item, relation, field_names):
    related = child_model(type(item), relation)
    fk_names = [name for name in field_names if related._meta.get_field(name).is_relation]
    manager = getattr(item, relation)
    return [row(child, field_names) for child in manager.select_related(*fk_names)]


def _own_part(instance, model):
    fields, labels = {}, {}
    for field in content_fields(model):
        fields[field.name] = to_json(getattr(instance, field.attname))
        if field.is_relation and getattr(instance, field.attname) is not None:
            labels[field.name] = str(getattr(instance, field.name))
    state = {f.name: to_json(getattr(instance, f.attname)) for f in state_fields(model)}
    return fields, labels, state


def snapshot(item, new=False):
    """Everything a revision keeps of `item`, read from the database.

    `new=True` is for a row inserted a moment ago: nothing can belong to it yet, so the
    related rows are not queried (this keeps bulk loading cheap).
    """
    model = type(item)
    fields, labels, state = _own_part(item, model)
    content = {"fields": fields, "labels": labels, "state": state}
    if tag_field(model):
        content["tags"] = (
            [] if new else sorted(getattr(item, tag_field(model).name).names(), key=str.lower)
        )
    content["children"] = {
        relation: [] if new else _rows(item, relation, names)
        for relation, names in model.revision_children.items()
    }
    content["records"] = {
        relation: [] if new else _rows(item, relation, names)
        for relation, names in model.revision_records.items()
    }
    return content


def snapshot_from_forms(form, formsets):
    """What a person submitted in an admin change form (main form and inlines), unsaved.

    Used to show a refused (stale) save next to the stored version. The forms must have been
    validated, so their instances carry the submitted values.
    """
    item = form.instance
    model = type(item)
    fields, labels, state = _own_part(item, model)
    content = {"fields": fields, "labels": labels, "state": state, "children": {}, "records": {}}
    tags = tag_field(model)
    if tags:
        submitted = getattr(form, "cleaned_data", {}).get(tags.name)
        if submitted is None and item.pk:
            submitted = getattr(item, tags.name).names()
        content["tags"] = sorted(str(name) for name in submitted or [])
    by_relation = {formset.fk.remote_field.get_accessor_name(): formset for formset in formsets}
    for group, declared in (
        ("children", model.revision_children),
        ("records", model.revision_records),
    ):
        for relation, names in declared.items():
            formset = by_relation.get(relation)
            if formset is None:
                if item.pk:
                    content[group][relation] = _rows(item, relation, names)
                continue
            rows = []
            for child_form in formset.forms:
                cleaned = getattr(child_form, "cleaned_data", None)
                if not cleaned or cleaned.get("DELETE"):
                    continue
                if child_form.instance._state.adding and not child_form.has_changed():
                    continue
                try:
                    rows.append(row(child_form.instance, names))
                except models.ObjectDoesNotExist:
                    continue
            content[group][relation] = rows
    return content


def record(item, user=None, summary="", new=False):
    """Keep a revision of `item` at its current version (called inside the saving transaction).

    The summary says what happened ("Published", "Restored version 3") and which parts
    changed since the previous revision.
    """
    from .diff import changed_labels

    content = snapshot(item, new=new)
    content_type = ContentType.objects.get_for_model(type(item))
    previous = None
    if not new:
        previous = (
            Revision.objects.filter(
                content_type=content_type, object_id=item.pk, version__lt=item.version
            )
            .order_by("-version")
            .values_list("content", flat=True)
            .first()
        )
    parts = [summary] if summary else []
    if previous is not None:
        changed = changed_labels(type(item), previous, content)
        parts.append(f"changed {', '.join(changed)}" if changed else "no change in content")
    text = "; ".join(parts) or "Saved"
    revision = Revision(
        content_type=content_type,
        object_id=item.pk,
        version=item.version,
        content=content,
        created_by=user if user is not None and user.is_authenticated else None,
        created_at=timezone.now(),
        summary=(text[0].upper() + text[1:])[:255],
    )
    # One revision per version: recording the same version again (a caller that saved rows
    # belonging to the item after the save) replaces it, in one statement.
    Revision.objects.bulk_create(
        [revision],
        update_conflicts=True,
        unique_fields=["content_type", "object_id", "version"],
        update_fields=["content", "created_by", "created_at", "summary"],
    )
    return revision


def revisions_of(item):
    return Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(type(item)), object_id=item.pk
    )


def latest(item):
    """The newest revision of `item`, with who made it."""
    return revisions_of(item).select_related("created_by").order_by("-version").first()


def at_version(item, version):
    return revisions_of(item).filter(version=version).first()
