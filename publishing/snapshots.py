"""Snapshots: what a revision keeps of an item and everything that belongs to it, and how a
kept value reads to a person.

`revisions` (which stores snapshots) and `diff` (which compares them) both import this
module; neither imports the other's internals. A snapshot looks like::

    {"fields": {"headline": "...", "section": 3},     # restored
     "labels": {"section": "World"},                  # how FK values read, at the time
     "state": {"status": "published", ...},           # shown, never restored
     "tags": ["syria"],                               # restored
     "children": {"credits": [{"pk": 7, "values": {...}, "label": "Jane Doe · Byline author"}]},
     "records": {"corrections": [...]}}               # shown, never restored
"""

import datetime
import decimal
import uuid

from django.db import models
from django.utils.dateparse import parse_date, parse_datetime
from taggit.managers import TaggableManager

from . import display

# Fields no snapshot holds: identity and the version machinery itself.
BOOKKEEPING = {"version", "created_by", "created_at", "updated_at"}


def content_fields(model):
    """The item's own fields a revision restores (file fields only where `revision_files`
    names them)."""
    state = set(model.revision_state_fields)
    chosen = model.revision_fields
    files = set(model.revision_files)
    return [
        field
        for field in model._meta.concrete_fields
        if field.name in files
        or (
            not field.primary_key
            and field.editable
            and field.name not in BOOKKEEPING
            and field.name not in state
            and not isinstance(field, models.FileField)
            and (chosen is None or field.name in chosen)
        )
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


def prefetch_lookups(model):
    """What to prefetch so that `snapshot()` of many items runs a few queries in all."""
    lookups = []
    for relation, names in {**model.revision_children, **model.revision_records}.items():
        related = child_model(model, relation)
        lookups.append(relation)
        lookups += [
            f"{relation}__{name}" for name in names if related._meta.get_field(name).is_relation
        ]
    if tag_field(model):
        lookups.append(tag_field(model).name)
    return lookups


def to_json(value):
    """A field value as JSON: times and dates as ISO 8601, decimals and UUIDs as text, a file
    as its stored name."""
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def value_text(field, value, label=None):
    """How a kept value reads to a person, in history and comparison alike: a related item's
    name (`label`), a choice's label, "yes"/"no", times and dates in AP style."""
    if value is None or value == "":
        return ""
    if field.is_relation:
        return label or f"#{value}"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(field, models.DateTimeField):
        moment = parse_datetime(value) if isinstance(value, str) else value
        return display.moment(moment) if moment else str(value)
    if isinstance(field, models.DateField):
        day = parse_date(value) if isinstance(value, str) else value
        return display.ap_date(day) if day else str(value)
    return str(value)


def _instance_text(instance, field):
    value = getattr(instance, field.attname)
    label = str(getattr(instance, field.name)) if field.is_relation and value is not None else None
    return value_text(field, value, label)


def row(instance, field_names):
    fields = [instance._meta.get_field(name) for name in field_names]
    return {
        "pk": instance.pk,  # which row it was, for merging a stale save's rows
        "values": {f.name: to_json(getattr(instance, f.attname)) for f in fields},
        "label": " · ".join(text for text in (_instance_text(instance, f) for f in fields) if text),
    }


def _rows(item, relation, field_names, prefetched=False):
    """The rows of `relation`: read afresh, or from the caller's prefetch (`prefetched`)."""
    manager = getattr(item, relation)
    if prefetched:
        children = manager.all()
    else:
        related = child_model(type(item), relation)
        fk_names = [name for name in field_names if related._meta.get_field(name).is_relation]
        children = manager.select_related(*fk_names)
    return [row(child, field_names) for child in children]


def _own_part(instance, model):
    fields, labels = {}, {}
    for field in content_fields(model):
        fields[field.name] = to_json(getattr(instance, field.attname))
        if field.is_relation and getattr(instance, field.attname) is not None:
            labels[field.name] = str(getattr(instance, field.name))
    state = {f.name: to_json(getattr(instance, f.attname)) for f in state_fields(model)}
    return fields, labels, state


def snapshot(item, new=False, prefetched=False):
    """Everything a revision keeps of `item`, read from the database.

    `new=True` is for a row inserted a moment ago: nothing can belong to it yet, so the
    related rows are not queried (this keeps bulk loading cheap). `prefetched=True` reads
    them from what the caller prefetched with `prefetch_lookups` (never set it for an item
    whose rows were saved after it was read: the prefetch would be stale).
    """
    model = type(item)
    fields, labels, state = _own_part(item, model)
    content = {"fields": fields, "labels": labels, "state": state}
    tags = tag_field(model)
    if tags:
        if new:  # nothing tagged yet (an item not saved has no tag manager to ask)
            names = []
        else:
            manager = getattr(item, tags.name)
            names = [t.name for t in manager.all()] if prefetched else manager.names()
        content["tags"] = sorted(names, key=str.lower)
    content["children"] = {
        relation: [] if new else _rows(item, relation, names, prefetched)
        for relation, names in model.revision_children.items()
    }
    content["records"] = {
        relation: [] if new else _rows(item, relation, names, prefetched)
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
