"""The demo newsroom: the seed story, its gallery and timeline, and the desk around them.

`data/` holds the words (TOML files; see data/README.md), `content.py` reads them,
`images.py` draws the pictures, `builder.py` puts them in the database through the
publishing services; `manage.py load_demo` runs it.
"""
