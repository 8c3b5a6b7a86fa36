"""Signals other apps listen to, so that they can build on `articles` without it importing them."""

from django.dispatch import Signal

# Sent by `load_demo` once the demo newsroom is loaded, with `demo` (the DemoNewsroom). A
# receiver adds its own part of the demo, changes nothing the second time, and returns a
# line for the command to print (or None).
demo_loaded = Signal()
