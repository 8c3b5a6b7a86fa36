"""What every versioned item's admin shares (Photo, and through PublishableAdmin Article,
Gallery and Timeline): stale saves merged field by field, conflicts shown with the other person's
name and the three versions (`conflicts`), soft edit locks and revisions with history, comparison and restore
(`versioned`), and for publishable items the role checks on every save path, the publish
actions and the schedule shown (`publishable`).
"""

from .conflicts import (
    Conflict,
    keep_stored_seconds,
    merge_stale,
    refuse_if_stale,
    versioned_form,
)
from .publishable import PublicationFilter, PublishableAdmin
from .rows import MergingFormSet, merging_formset
from .versioned import VersionedAdmin, lock_notice

__all__ = [
    "Conflict",
    "MergingFormSet",
    "PublicationFilter",
    "PublishableAdmin",
    "VersionedAdmin",
    "keep_stored_seconds",
    "lock_notice",
    "merge_stale",
    "merging_formset",
    "refuse_if_stale",
    "versioned_form",
]
