"""The demo newsroom: the seed story, its gallery and timeline, and the desk around them.

`seed.py` holds the words, `images.py` draws the pictures, `builder.py` puts them in the
database; `manage.py load_demo` runs it.
"""
