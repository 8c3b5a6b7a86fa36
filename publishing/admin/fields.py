"""How the desk's form fields read, on every versioned item's page and its inline rows:
spell-check on in every text box, the newsroom's time zone named on every time, and a
headline box tall enough to show a whole headline."""

import re

from django import forms

from .. import display

# Boxes that hold addresses and codes, not words: no spell-check there.
_NOT_WORDS = re.compile(r"slug|url|email|code|embed|graphic|html", re.I)
_SPACES = re.compile(r"\s+")


class HeadlineField(forms.CharField):
    """A headline typed in a box of two lines that grows: it is still one line of text."""

    widget = forms.Textarea(attrs={"rows": 2, "class": "desk-headline"})

    def to_python(self, value):
        return _SPACES.sub(" ", super().to_python(value) or "").strip()


def zone_help():
    return f"Times are {display.zone_name()}, the newsroom's time."


def fit(form_class):
    """Apply the desk's field rules to `form_class`'s fields (a copy made for this request)."""
    fit_fields(form_class.base_fields)
    return form_class


def fit_fields(fields):
    """The same, on a form's own fields (a subclass of a model form makes its fields anew)."""
    for name, field in fields.items():
        widget = field.widget
        if isinstance(field, forms.SplitDateTimeField | forms.DateTimeField):
            if zone_help() not in (field.help_text or ""):
                field.help_text = " ".join(filter(None, [str(field.help_text or ""), zone_help()]))
        elif isinstance(widget, forms.TextInput | forms.Textarea) and not isinstance(
            widget, forms.URLInput | forms.EmailInput | forms.NumberInput | forms.PasswordInput
        ):
            if not _NOT_WORDS.search(name):
                widget.attrs.setdefault("spellcheck", "true")
