"""What `publishing` tells apps built on it, so that it never imports them: they listen.

`content_changed` is sent by `publishing.services` after every write it makes, with `item`
(the saved item), `change` (one of CHANGES) and `user`, for apps that act on what readers can
see (the content API's webhooks). `status_changed`, `update_proposed` and `proposal_decided`
tell the desk's notes and notifications about hand-offs. Receivers that talk to the outside
world must wait for the transaction to commit (`transaction.on_commit`).
"""

from django.dispatch import Signal

# "published": now visible, or scheduled; "edited": saved with its status unchanged;
# "unpublished": taken off the site; "restored": an earlier version's content brought back.
CHANGES = ("published", "edited", "unpublished", "restored", "status")

content_changed = Signal()

# An item's status changed (sender: its model; `item`, and `transition`, the row that logs
# who moved it, from where, to where, and the note they left). Sent inside the transaction
# that changed it.
status_changed = Signal()

# A reporter proposed an update to their published story (`proposal`, an Autosave row), and
# an editor decided on it: `published` True (saved, live) or False (returned with `note`).
update_proposed = Signal()
proposal_decided = Signal()
