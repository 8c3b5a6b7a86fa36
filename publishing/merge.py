"""Merging a stale save instead of refusing it: three values per field, decided one by one.

Someone saves a copy they opened at version B while the stored item is at version S. For each
field (and each field of each row that belongs to the item) there are three values: the base
(the revision kept at B), theirs (what is stored now) and yours (what was sent):

- yours equals theirs, or only you changed it: yours is saved;
- only they changed it: theirs is kept (your form still held the base value);
- both changed it, differently: a conflict, which the person decides before anything is saved.

This module holds the decision and how the three values read; `publishing.admin.conflicts`
applies it to the admin's forms and inline rows.
"""

import datetime
from types import SimpleNamespace

from django.db import models
from django.forms import CheckboxInput, MultiWidget
from django.utils import formats
from taggit.forms import TagField

from . import display
from .diff import line_diff, text_lines
from .snapshots import value_text

YOURS, THEIRS, SAME, CONFLICT = "yours", "theirs", "same", "conflict"
# The radio a person answers a conflict with: "theirs" takes the stored value, anything else
# keeps what is in the form (their own text, or a merged value they typed).
CHOICE_PREFIX = "_merge-"


def comparable(value):
    """A value reduced to what a person would call the same: a related item by its id, a time
    to the second (the admin's inputs drop fractions), tags as a set, empty as empty, line
    endings as the browser sends them or not."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.datetime):
        return value.replace(microsecond=0)
    if isinstance(value, list | tuple | set):
        return sorted(str(getattr(v, "name", v)).lower() for v in value)
    if value is None:
        return ""
    if isinstance(value, str):
        return value.replace("\r\n", "\n")
    return value


def decide(base, theirs, yours):
    """YOURS, THEIRS, SAME or CONFLICT for one field."""
    base, theirs, yours = comparable(base), comparable(theirs), comparable(yours)
    if yours == theirs:
        return SAME
    if yours == base:
        return THEIRS
    if theirs == base:
        return YOURS
    return CONFLICT


def lines(field, value):
    """A value as lines of text for the side-by-side view (a story body reads itself)."""
    if field is None:  # tags
        return sorted((str(getattr(v, "name", v)) for v in value or []), key=str.lower)
    if isinstance(value, models.Model):
        return [str(value)]
    own_reading = getattr(field, "diff_lines", None)
    if own_reading is not None:
        return own_reading(value or "")
    return text_lines(value_text(field, value))


class FieldConflict:
    """One field both people changed: the three values as lines, and the choice's name."""

    def __init__(self, key, label, base, theirs, yours, row=None):
        self.key = key
        self.choice_name = CHOICE_PREFIX + key
        self.label = f"{row}: {label}" if row else str(label)
        self.base, self.theirs, self.yours = base, theirs, yours
        # Theirs against yours, word by word, for long text.
        self.between = line_diff(theirs, yours)


class Merge:
    """What a stale save became: the fields taken from the stored version, those kept from
    the submission, and the conflicts left to decide."""

    def __init__(self, item, loaded_version, stored_version, by):
        self.item = item
        self.loaded_version = loaded_version
        self.stored_version = stored_version
        self.by_name = display.person(by)
        self.kept_theirs, self.kept_yours, self.conflicts, self.notes = [], [], [], []

    def record(self, outcome, label):
        if outcome == THEIRS:
            self.kept_theirs.append(str(label))
        elif outcome == YOURS:
            self.kept_yours.append(str(label))

    @property
    def summary(self):
        """One sentence for the person whose save was merged without a conflict."""
        parts = [
            f"{self.by_name} saved version {self.stored_version} while you were editing: "
            "both saves are kept."
        ]
        if self.kept_theirs:
            parts.append(f"Their changes to {', '.join(self.kept_theirs)} stay.")
        if self.kept_yours:
            parts.append(f"Yours to {', '.join(self.kept_yours)} are saved on top.")
        return " ".join([*parts, *self.notes])


def put(form, name, value):
    """Write `value` into a bound form's data as the browser would send it, so the page shows
    it when the form is shown again."""
    field = form.fields[name]
    key = form.add_prefix(name)
    widget = field.widget
    if isinstance(field, TagField):  # taggit writes tags out from objects with a name
        value = [SimpleNamespace(name=str(getattr(tag, "name", tag))) for tag in value or []]
    prepared = field.prepare_value(value)
    if isinstance(widget, MultiWidget):
        for index, part in enumerate(widget.decompress(prepared)):
            form.data[f"{key}_{index}"] = "" if part is None else formats.localize_input(part)
    elif isinstance(widget, CheckboxInput):
        if prepared:
            form.data[key] = "on"
        else:
            form.data.pop(key, None)
    elif isinstance(prepared, list | tuple) and hasattr(widget, "allow_multiple_selected"):
        form.data.setlist(key, [str(v) for v in prepared])
    else:
        shown = widget.format_value(prepared)
        if isinstance(shown, list):  # a single select formats its value as a list
            shown = shown[0] if shown else ""
        form.data[key] = "" if shown is None else str(shown)
