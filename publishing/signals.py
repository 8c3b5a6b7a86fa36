"""What `publishing` tells apps built on it (the desk's notes and notifications), so that it
never imports them: they listen."""

from django.dispatch import Signal

# An item's status changed (sender: its model; `item`, and `transition`, the row that logs
# who moved it, from where, to where, and the note they left). Sent inside the transaction
# that changed it.
status_changed = Signal()

# A reporter proposed an update to their published story (`proposal`, an Autosave row), and
# an editor decided on it: `published` True (saved, live) or False (returned with `note`).
update_proposed = Signal()
proposal_decided = Signal()
