"""Inline rows of a stale save merged row by row (bylines, promos, gallery photo rows,
timeline events), with the same three-way rule as the item's own fields (`publishing.merge`);
see `conflicts` for the item's form."""

from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.text import capfirst, get_text_list

from .. import revisions
from ..merge import CHOICE_PREFIX, CONFLICT, THEIRS, FieldConflict, comparable, decide, lines, put
from .fields import fit_fields

_MISSING = object()


class MergingFormSet:
    """Inline rows of a stale save merged row by row (matched by id), field by field: a row
    one person added and a row the other added are both kept, a row only they changed keeps
    their values, a row they removed stays removed unless you changed it (then yours comes
    back as a new row), and a field of a row both changed is a conflict."""

    _prepared = False
    merging = True  # False for a copy being autosaved: kept as typed
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
        if not self.merging or parent.pk is None or relation not in model.revision_children:
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
        fit_fields(form.fields)  # spell-check and the time zone, as on the item's own form
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
