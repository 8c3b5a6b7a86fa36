"""Post an admin page's form back as a browser would: read what the browser would send from the
rendered page, apply the test's changes, and hand the result to `Client.post`.

What the browser does and this does too: disabled fields (and fields in a disabled fieldset)
and disabled options are not sent; unchecked boxes and radios are not sent, a checked one
without a value sends "on"; a single select with nothing selected sends its first option, a
multiple select sends every selected option or nothing; an option without a value sends its
text; the one newline that follows <textarea> is dropped. Buttons, submit and file inputs are
left to the caller (add "_save", or an upload). Unlike a browser, the hidden template rows of
inline formsets (names with "__prefix__") are left out: Django ignores them anyway.
"""

import html
from html.parser import HTMLParser

_NOT_SENT = {"submit", "button", "image", "reset", "file"}


class _FormReader(HTMLParser):
    """Collects the (name, value) pairs of the form with id `form_id`."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.found = False
        self.inside = False
        self.done = False
        self.fields = []
        self._fieldsets = []  # for each open <fieldset>, whether it is disabled
        self._select = None  # {"name", "multiple", "options": [(value, selected, disabled)]}
        self._option = None  # [value or None, text, selected, disabled]
        self._textarea = None  # [name, text]

    def handle_starttag(self, tag, attrs):
        attrs = {name: ("" if value is None else value) for name, value in attrs}
        if tag == "form":
            if not self.done and not self.inside:
                self.inside = attrs.get("id") == self.form_id
                self.found = self.found or self.inside
            return
        if tag == "textarea":
            # Its content is text, never markup (a browser reads it as RCDATA).
            self.set_cdata_mode(tag)
        if not self.inside:
            return
        if tag == "fieldset":
            self._fieldsets.append("disabled" in attrs)
            return
        if tag == "option" and self._select is not None:
            self._end_option()
            self._option = [attrs.get("value"), "", "selected" in attrs, "disabled" in attrs]
            return
        name = attrs.get("name")
        if tag not in ("input", "select", "textarea") or not name or "__prefix__" in name:
            return
        disabled = "disabled" in attrs or any(self._fieldsets)
        if tag == "input":
            kind = attrs.get("type", "text").lower()
            if disabled or kind in _NOT_SENT:
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.fields.append((name, attrs.get("value", "on")))
                return
            self.fields.append((name, attrs.get("value", "")))
        elif tag == "select":
            self._select = {
                "name": name,
                "multiple": "multiple" in attrs,
                "disabled": disabled,
                "options": [],
            }
        elif tag == "textarea":
            self._textarea = [name, ""] if not disabled else None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data
        elif self._option is not None:
            self._option[1] += data

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag == "form":
            self.inside, self.done = False, True
        elif tag == "fieldset" and self._fieldsets:
            self._fieldsets.pop()
        elif tag == "option":
            self._end_option()
        elif tag == "select" and self._select is not None:
            self._end_option()
            self._end_select()
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            # Browsers drop the one newline that follows <textarea>.
            text = html.unescape(text).removeprefix("\r").removeprefix("\n")
            self.fields.append((name, text))
            self._textarea = None

    def _end_option(self):
        if self._option is None:
            return
        value, text, selected, disabled = self._option
        # An option without a value attribute sends its text.
        value = " ".join(text.split()) if value is None else value
        self._select["options"].append((value, selected, disabled))
        self._option = None

    def _end_select(self):
        select, self._select = self._select, None
        if select["disabled"]:
            return
        options = select["options"]
        chosen = [value for value, selected, disabled in options if selected and not disabled]
        if select["multiple"]:
            self.fields += [(select["name"], value) for value in chosen]
        elif chosen:
            self.fields.append((select["name"], chosen[-1]))  # the last selected one wins
        else:
            first = next((value for value, _, disabled in options if not disabled), None)
            if first is not None:
                self.fields.append((select["name"], first))


def form_data(response, form_id, **changes):
    """What a browser would send from the form with id `form_id` in `response`, as a dict
    for `Client.post` (a name sent several times maps to a list). The id is required: admin
    pages hold other forms too, the logout button's first.

    `changes` are applied on top, as someone typing would: a value replaces what the page
    had, None takes the field out (an unticked box). A missing form is an error, so a test
    never posts an empty dict by mistake.
    """
    page = response if isinstance(response, str) else response.content.decode()
    reader = _FormReader(form_id)
    reader.feed(page)
    reader.close()
    if not reader.found:
        raise LookupError(f'The page has no form with id "{form_id}".')
    data = {}
    for name, value in reader.fields:
        if name not in data:
            data[name] = value
        elif isinstance(data[name], list):
            data[name].append(value)
        else:
            data[name] = [data[name], value]
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data
