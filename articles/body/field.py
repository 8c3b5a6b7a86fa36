"""The model field of a story body: ProseMirror in the admin (django-prose-editor) with the
story elements' editor extensions, `clean_body` as its one sanitiser, and the lines the
revision diff compares."""

from django.urls import reverse_lazy
from django_prose_editor.fields import ProseEditorField

from . import clean_body, diff_lines

# What the body editor offers: the text of wave 1, and the story elements (static/articles/
# story-elements.js, registered in settings.DJANGO_PROSE_EDITOR_EXTENSIONS).
BODY_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "NoSpellCheck": False,  # reporters want the browser's spell-check in the body
    "StoryElements": {
        # The admin's JSON endpoints for choosing and describing what elements name.
        "endpoint": reverse_lazy("admin:articles_article_elements"),
    },
}


class StoryBodyField(ProseEditorField):
    """Rich text with story elements between the paragraphs (see `articles.body`)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("extensions", BODY_EXTENSIONS)
        kwargs.setdefault("sanitize", clean_body)
        super().__init__(*args, **kwargs)

    def diff_lines(self, value):
        """The body as the revision diff compares it: a line per paragraph and per element."""
        return diff_lines(value)
