"""Signals other apps listen to, so that they can build on `articles` without it importing them
(the front page's demo, the content API's webhooks)."""

from django.dispatch import Signal

# Sent by `load_demo` once the demo newsroom is loaded, with `demo` (the DemoNewsroom). A
# receiver adds its own part of the demo, changes nothing the second time, and returns a
# line for the command to print (or None).
demo_loaded = Signal()

# Sent by `articles.services` when a correction or update is appended to a story
# (`removed=False`) or taken off it (`removed=True`), with `article`, `correction` and
# `user`. Receivers that talk to the outside world wait for the commit.
correction_changed = Signal()

# Sent by `articles.live` when readers of a live story may see a change (a post published,
# corrected or removed, key points edited, coverage ended), with `story`.
live_changed = Signal()
