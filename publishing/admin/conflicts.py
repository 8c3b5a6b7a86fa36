"""Stale saves merged in the admin, not refused: the version a form was loaded at travels with
it and is checked under a row lock. A stale form is merged field by field, and its inline
rows row by row, with what was saved in between (`publishing.merge`); only what both people
changed is left for the person to decide, side by side (theirs, yours, the version both
started from), and nothing is saved until they decide. What they typed stays in the form."""

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db import router, transaction
from django.utils.text import capfirst, get_text_list
from taggit.managers import TaggableManager

from .. import diff, display, revisions, snapshots
from ..merge import (
    CHOICE_PREFIX,
    CONFLICT,
    THEIRS,
    FieldConflict,
    Merge,
    decide,
    lines,
    put,
)
from .fields import fit_fields

_MISSING = object()


class Conflict(Merge):
    """A stale save: who saved in between, when, what differs, and how it merged."""

    def __init__(self, item, loaded_version, stored_version):
        self.latest = revisions.latest(item)
        self.by = self.latest.created_by if self.latest else None
        super().__init__(item, loaded_version, stored_version, self.by)
        self.at = self.latest.created_at if self.latest else item.updated_at
        self.at_display = display.moment(self.at)
        self.base = revisions.at_version(item, loaded_version)
        self.theirs = self.yours = None

    @property
    def message(self):
        """The refusal, said once (the page's error note)."""
        said = (
            f"Not saved: {self.by_name} saved this {self.item._meta.verbose_name} at "
            f"{self.at_display} (version {self.stored_version}) after you opened it "
            f"(version {self.loaded_version})."
        )
        if self.base is None:
            return (
                f"{said} Your text is kept in the form below: compare it with theirs, then "
                "save again to replace their version with yours, or reload the page to start "
                "from theirs."
            )
        both = get_text_list([c.label for c in self.conflicts], "and")
        return (
            f"{said} You both changed {both}: choose which to keep, or edit the value in the "
            "form, then save. Everything else is already combined in the form below."
        )

    def compare(self, form, formsets):
        """The differences: what they changed since you opened it, and yours against theirs."""
        model = type(self.item)
        stored = snapshots.snapshot(model._base_manager.get(pk=self.item.pk))
        if self.base is not None:
            self.theirs = diff.compare(model, self.base.content, stored)
        self.yours = diff.compare(model, stored, snapshots.snapshot_from_forms(form, formsets))


def _model_field(model, name):
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if isinstance(field, TaggableManager):
        return field
    content = {f.name for f in snapshots.content_fields(model)}
    if name in content or name in model.revision_state_fields:
        return field
    return None


def _stored_value(item, field):
    if isinstance(field, TaggableManager):
        return sorted(getattr(item, field.name).names(), key=str.lower)
    if field.many_to_one:
        return getattr(item, field.name)
    return getattr(item, field.attname)


def _base_value(model, content, field):
    if isinstance(field, TaggableManager):
        return content.get("tags", _MISSING)
    part = "state" if field.name in model.revision_state_fields else "fields"
    values = content.get(part, {})
    if field.name not in values:
        return _MISSING  # the field was added after that revision
    value = field.to_python(values[field.name])
    if field.many_to_one and value is not None:
        value = field.related_model._base_manager.filter(pk=value).first() or value
    return value


def _shown(field):
    return None if isinstance(field, TaggableManager) else field


def _merged_fields(form, model):
    for name, field in form.fields.items():
        if field.disabled or name not in form.cleaned_data or isinstance(field, forms.FileField):
            continue
        model_field = _model_field(model, name)
        if model_field is not None:
            yield name, model_field


def take_chosen(form, stored):
    """Apply the person's answers to an earlier conflict: "theirs" takes the stored value."""
    model = type(stored)
    for name, model_field in _merged_fields(form, model):
        if form.data.get(CHOICE_PREFIX + form.add_prefix(name)) == THEIRS:
            value = _stored_value(stored, model_field)
            form.cleaned_data[name] = value
            put(form, name, value)


def merge_stale(form):
    """Merge `form` with what was saved after it was loaded; refuse it (a form error) only
    where both changed the same field, or where no revision of the version it was loaded at
    exists to merge from.

    The stored version is read with SELECT ... FOR UPDATE: the admin runs a change form POST
    (and, here, a list edit POST) in one transaction, so the row stays locked until this
    save is written or refused. A stale form now carries the stored version and the merged
    values, so the next save starts from what is stored.
    """
    item = form.instance
    loaded = form.cleaned_data.get("loaded_version")
    if item.pk is None or loaded is None:
        return
    model = type(item)
    rows = model._base_manager.filter(pk=item.pk)
    if transaction.get_connection(router.db_for_write(model)).in_atomic_block:
        rows = rows.select_for_update()
    stored = rows.values_list("version", flat=True).first()
    if stored is None or stored == loaded:
        return
    conflict = form.conflict = item._merge = Conflict(item, loaded, stored)
    form.data = form.data.copy()
    form.data[form.add_prefix("loaded_version")] = str(stored)
    if conflict.base is None:
        form.add_error(None, conflict.message)
        return
    fresh = model._base_manager.get(pk=item.pk)
    for name, model_field in _merged_fields(form, model):
        base = _base_value(model, conflict.base.content, model_field)
        if base is _MISSING:
            continue
        theirs, yours = _stored_value(fresh, model_field), form.cleaned_data[name]
        outcome = decide(base, theirs, yours)
        label = capfirst(model_field.verbose_name)
        conflict.record(outcome, label)
        if outcome == THEIRS:
            form.cleaned_data[name] = theirs
            put(form, name, theirs)
        elif outcome == CONFLICT:
            shown = _shown(model_field)
            conflict.conflicts.append(
                FieldConflict(
                    form.add_prefix(name),
                    label,
                    lines(shown, base),
                    lines(shown, theirs),
                    lines(shown, yours),
                )
            )
    if conflict.conflicts:
        form.add_error(None, conflict.message)


def keep_stored_seconds(obj, form):
    """The admin's date and time inputs drop fractions of a second: a time nobody changed
    keeps its stored value, so a save never moves `published_at` by a fraction."""
    for name, field in form.fields.items():
        stored = form.initial.get(name)
        if not isinstance(field, forms.SplitDateTimeField) or stored is None:
            continue
        if getattr(obj, name, None) == stored.replace(microsecond=0):
            setattr(obj, name, stored)


def versioned_form(form_class):
    """`form_class` with the hidden version it was loaded at: a stale save is merged."""

    class VersionedForm(form_class):
        loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
        # Set on a copy being autosaved: kept as typed, never merged.
        merging = True

        def __init__(self, *args, **kwargs):
            # Unsaved text brought back from an autosave is shown in the form (`autosaving`).
            recovered = getattr(self, "recovered_data", None)
            if recovered is not None and not args and kwargs.get("data") is None:
                kwargs["data"] = recovered.copy()
            super().__init__(*args, **kwargs)
            fit_fields(self.fields)
            if recovered is not None and getattr(self, "fill_missing", False):
                self._fill_missing()
            if self.instance.pk is not None:
                self.initial["loaded_version"] = self.instance.version

        def _fill_missing(self):
            """A proposed update under review: what its reporter could not send (the fields
            only editors set) is what is stored, never emptied."""
            model = type(self.instance)
            for name, field in self.fields.items():
                key = self.add_prefix(name)
                if field.disabled or any(k == key or k.startswith(f"{key}_") for k in self.data):
                    continue
                model_field = _model_field(model, name)
                if model_field is not None:
                    put(self, name, _stored_value(self.instance, model_field))

        def clean(self):
            cleaned = super().clean()
            if self.merging and self.instance.pk is not None:
                if any(key.startswith(CHOICE_PREFIX) for key in self.data):
                    self.data = self.data.copy()
                    take_chosen(self, self.instance)
                merge_stale(self)
            return cleaned

    VersionedForm.__name__ = form_class.__name__
    return VersionedForm


# The old name: a stale save is now merged, refused only where both changed a field.
refuse_if_stale = merge_stale
