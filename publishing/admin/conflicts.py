"""Stale saves merged in the admin, not refused: the version a form was loaded at travels with
it and is checked under a row lock. A stale form is merged field by field, and its inline
rows row by row, with what was saved in between (`publishing.merge`); only what both people
changed is left for the person to decide, side by side (theirs, yours, the version both
started from), and nothing is saved until they decide. What they typed stays in the form."""

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import router, transaction
from django.utils.functional import cached_property
from django.utils.text import capfirst, get_text_list
from taggit.managers import TaggableManager

from .. import diff, display, revisions, snapshots
from ..merge import (
    CHOICE_PREFIX,
    CONFLICT,
    THEIRS,
    FieldConflict,
    Merge,
    comparable,
    decide,
    lines,
    put,
)

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


class MergingFormSet:
    """Inline rows of a stale save merged row by row (matched by id), field by field: a row
    one person added and a row the other added are both kept, a row only they changed keeps
    their values, a row they removed stays removed unless you changed it (then yours comes
    back as a new row), and a field of a row both changed is a conflict."""

    _prepared = False
    base_rows = None  # {pk: row} of the version the form was loaded at, when stale

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        total = self.add_prefix("TOTAL_FORMS")
        if self.is_bound and total not in self.data:
            # This inline was not on the page the form came from (a draft shows no
            # corrections; someone published it meanwhile): nothing was sent, nothing changes.
            self.data = self.data.copy()
            self.data[total] = self.data[self.add_prefix("INITIAL_FORMS")] = "0"

    def _prepare(self):
        """When stale: read the rows as they were at the loaded version, and turn rows
        removed meanwhile into new rows (if this person changed them) or drop them."""
        self._prepared = True
        parent = self.instance
        model = type(parent)
        relation = self.fk.remote_field.get_accessor_name()
        if parent.pk is None or relation not in model.revision_children:
            return
        try:
            loaded = int(self.data.get("loaded_version"))
        except (TypeError, ValueError):
            return
        stored = model._base_manager.filter(pk=parent.pk).values_list("version", flat=True)
        base = revisions.at_version(parent, loaded) if stored.first() != loaded else None
        if base is None:
            return
        self.row_names = model.revision_children[relation]
        self.base_rows = {
            row["pk"]: row for row in base.content["children"].get(relation, []) if "pk" in row
        }
        self.removal_notes = []
        existing = set(self.get_queryset().values_list("pk", flat=True))
        pk_name = self.model._meta.pk.name
        kept, readded = [], []
        for index in range(self.initial_form_count()):
            try:
                pk = int(self.data.get(f"{self.add_prefix(index)}-{pk_name}"))
            except (TypeError, ValueError):
                pk = None
            if pk is None or pk in existing:
                kept.append(index)
            elif self._removed_row_changed(index, self.base_rows.get(pk)):
                readded.append(index)
        extra = range(self.initial_form_count(), self.total_form_count())
        self._renumber(kept, [*readded, *extra], pk_name)

    def _removed_row_changed(self, index, base_row):
        """Whether this person changed (and kept) a row someone removed meanwhile."""
        prefix = self.add_prefix(index)
        label = f"{self.model._meta.verbose_name} “{base_row['label'] if base_row else ''}”"
        if self.data.get(f"{prefix}-DELETE"):
            return False
        for name in self.row_names:
            field = self.model._meta.get_field(name)
            formfield = field.formfield()
            if base_row is None or formfield is None:
                break
            try:
                raw = formfield.widget.value_from_datadict(self.data, {}, f"{prefix}-{name}")
                yours = formfield.clean(raw)
            except ValidationError:
                break
            if comparable(yours) != comparable(field.to_python(base_row["values"].get(name))):
                break
        else:
            self.removal_notes.append(("theirs", f"the removal of the {label}"))
            return False
        self.removal_notes.append(("note", f"the {label} was removed; yours is added back"))
        return True

    def _renumber(self, initial, added, pk_name):
        """Rewrite the submitted rows: `initial` rows first, then `added` as new rows."""
        data = self.data.copy()
        old = self.data
        rows = [(index, True) for index in initial] + [(index, False) for index in added]
        for key in [k for k in data if k.startswith(self.add_prefix(""))]:
            if not key.endswith(("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")):
                del data[key]
        for new_index, (index, is_initial) in enumerate(rows):
            source, target = f"{self.add_prefix(index)}-", f"{self.add_prefix(new_index)}-"
            for key in old:
                if key.startswith(source):
                    data.setlist(target + key[len(source) :], old.getlist(key))
            if not is_initial:
                data[f"{target}{pk_name}"] = ""
        data[self.add_prefix("INITIAL_FORMS")] = str(len(initial))
        data[self.add_prefix("TOTAL_FORMS")] = str(len(rows))
        self.data = data
        self.__dict__.pop("management_form", None)  # read again from the new data

    def _construct_form(self, i, **kwargs):
        if not self._prepared:
            self._prepare()
        form = super()._construct_form(i, **kwargs)
        if form.instance.pk is not None:
            form.stored_row = type(form.instance)(
                **{f.attname: getattr(form.instance, f.attname) for f in form.instance._meta.fields}
            )
        return form

    @cached_property
    def forms(self):
        if not self._prepared:
            self._prepare()
        return super().forms

    def clean(self):
        super().clean()
        for form in self.initial_forms:
            stored = getattr(form, "stored_row", None)
            if stored is not None and getattr(form, "cleaned_data", None):
                self._take_chosen(form, stored)
        if self.base_rows is not None:
            self._merge_rows()

    def _row_fields(self, form):
        for name in self.row_names:
            if name in form.fields and name in form.cleaned_data and not form.fields[name].disabled:
                yield name, self.model._meta.get_field(name)

    def _take(self, form, name, field, value):
        form.cleaned_data[name] = value
        setattr(form.instance, field.attname, getattr(value, "pk", value))
        put(form, name, value)

    def _take_chosen(self, form, stored):
        for name in form.fields:
            if form.data.get(CHOICE_PREFIX + form.add_prefix(name)) == THEIRS:
                field = self.model._meta.get_field(name)
                self._take(form, name, field, getattr(stored, field.name))

    def _merge_rows(self):
        merge = getattr(self.instance, "_merge", None)
        if merge is None:
            return
        for kind, text in self.removal_notes:
            (merge.kept_theirs if kind == "theirs" else merge.notes).append(text)
        conflicts = []
        for form in self.initial_forms:
            if not getattr(form, "cleaned_data", None) or self._should_delete_form(form):
                continue
            # A row the kept revision does not hold (saved without one): with no base to
            # tell whose change it is, any difference is a conflict, never an overwrite.
            base_row = self.base_rows.get(form.instance.pk) or {"values": {}, "label": None}
            label = f"{self.model._meta.verbose_name} “{base_row['label'] or form.instance}”"
            for name, field in self._row_fields(form):
                base = _MISSING
                if name in base_row["values"]:
                    base = field.to_python(base_row["values"][name])
                    if field.many_to_one and base is not None:
                        base = field.related_model._base_manager.filter(pk=base).first() or base
                stored = getattr(form.stored_row, field.name)
                yours = form.cleaned_data[name]
                outcome = decide(base, stored, yours)
                merge.record(outcome, label)
                if outcome == THEIRS:
                    self._take(form, name, field, stored)
                elif outcome == CONFLICT:
                    conflicts.append(
                        FieldConflict(
                            form.add_prefix(name),
                            capfirst(field.verbose_name),
                            [] if base is _MISSING else lines(field, base),
                            lines(field, stored),
                            lines(field, yours),
                            row=capfirst(label),
                        )
                    )
        merge.conflicts += conflicts
        if conflicts:
            raise ValidationError(
                f"You and {merge.by_name} both changed "
                f"{get_text_list([c.label for c in conflicts], 'and')}: choose above which to "
                "keep, then save."
            )


def merging_formset(formset_class):
    """`formset_class` with its rows merged when the item was saved in between."""
    return type(formset_class.__name__, (MergingFormSet, formset_class), {})


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
            super().__init__(*args, **kwargs)
            if self.instance.pk is not None:
                self.initial["loaded_version"] = self.instance.version

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
