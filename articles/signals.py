"""Signals for apps that act on what readers can see of a story (the content API's webhooks)
without this app knowing them.

`correction_changed` is sent by `articles.services` when a correction or update is appended
to a story (`removed=False`) or taken off it (`removed=True`), with `article`, `correction`
and `user`. Receivers that talk to the outside world wait for the commit.
"""

from django.dispatch import Signal

correction_changed = Signal()

# Sent by `articles.live` when readers of a live story may see a change (a post published,
# corrected or removed, key points edited, coverage ended), with `story`.
live_changed = Signal()
