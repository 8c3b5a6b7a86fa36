"""Signals the status services send, for apps that act on what readers can see (the content
API's webhooks) without this app knowing them.

`content_changed` is sent by `publishing.services` after every write it makes, with
`item` (the saved item), `change` (one of CHANGES) and `user`. Receivers that talk to the
outside world must wait for the transaction to commit (`transaction.on_commit`).
"""

from django.dispatch import Signal

# "published": now visible, or scheduled; "edited": saved with its status unchanged;
# "unpublished": taken off the site; "restored": an earlier version's content brought back.
CHANGES = ("published", "edited", "unpublished", "restored", "status")

content_changed = Signal()
