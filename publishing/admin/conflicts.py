"""Stale saves refused in the admin: the version a form was loaded at travels with it and is
checked under a row lock; a refused form keeps the person's text and shows who saved in
between, when, and what differs."""

from django import forms
from django.db import router, transaction

from .. import diff, display, revisions, snapshots


class Conflict:
    """A refused save: who saved in between, when, and what differs."""

    def __init__(self, item, loaded_version, stored_version):
        self.item = item
        self.loaded_version = loaded_version
        self.stored_version = stored_version
        self.latest = revisions.latest(item)
        self.by = self.latest.created_by if self.latest else None
        self.at = self.latest.created_at if self.latest else item.updated_at
        self.by_name = display.person(self.by)
        self.at_display = display.moment(self.at)
        self.theirs = self.yours = None

    @property
    def message(self):
        return (
            f"Not saved: {self.by_name} saved this {self.item._meta.verbose_name} at "
            f"{self.at_display} (version {self.stored_version}) after you opened it "
            f"(version {self.loaded_version}). Your text is kept in the form below: compare it "
            "with theirs, then save again to replace their version with yours, or reload "
            "the page to start from theirs."
        )

    def compare(self, form, formsets):
        """The differences: what they changed since you opened it, and yours against theirs."""
        model = type(self.item)
        stored = snapshots.snapshot(model._base_manager.get(pk=self.item.pk))
        opened = revisions.at_version(self.item, self.loaded_version)
        if opened is not None:
            self.theirs = diff.compare(model, opened.content, stored)
        self.yours = diff.compare(model, stored, snapshots.snapshot_from_forms(form, formsets))


def refuse_if_stale(form):
    """Refuse `form` when the item was saved after the form was loaded.

    The stored version is read with SELECT ... FOR UPDATE: the admin runs a change form POST
    (and, here, a list edit POST) in one transaction, so the row stays locked until this
    save is written or refused. The refused form keeps the person's text and now carries the
    stored version, so saving again (after seeing the differences) is a deliberate choice.
    """
    item = form.instance
    loaded = form.cleaned_data.get("loaded_version")
    if item.pk is None or loaded is None:
        return
    rows = type(item)._base_manager.filter(pk=item.pk)
    if transaction.get_connection(router.db_for_write(type(item))).in_atomic_block:
        rows = rows.select_for_update()
    stored = rows.values_list("version", flat=True).first()
    if stored is None or stored == loaded:
        return
    form.conflict = Conflict(item, loaded, stored)
    form.add_error(None, form.conflict.message)
    data = form.data.copy()
    data[form.add_prefix("loaded_version")] = str(stored)
    form.data = data


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
    """`form_class` with the hidden version it was loaded at, checked on save."""

    class VersionedForm(form_class):
        loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if self.instance.pk is not None:
                self.initial["loaded_version"] = self.instance.version

        def clean(self):
            cleaned = super().clean()
            refuse_if_stale(self)
            return cleaned

    VersionedForm.__name__ = form_class.__name__
    return VersionedForm
