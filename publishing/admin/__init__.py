"""What every versioned item's admin shares (Photo, and through PublishableAdmin Article,
Gallery and Timeline): stale saves refused with the other person's name and the differences
(`conflicts`), soft edit locks and revisions with history, comparison and restore
(`versioned`), and for publishable items the role checks on every save path, the publish
actions and the schedule shown (`publishable`).
"""

from .conflicts import Conflict, keep_stored_seconds, refuse_if_stale, versioned_form
from .publishable import PublicationFilter, PublishableAdmin
from .versioned import VersionedAdmin, lock_notice

__all__ = [
    "Conflict",
    "PublicationFilter",
    "PublishableAdmin",
    "VersionedAdmin",
    "keep_stored_seconds",
    "lock_notice",
    "refuse_if_stale",
    "versioned_form",
]
