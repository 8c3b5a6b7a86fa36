"""Post admin forms the way a browser would: read the page's form, change some fields, send it."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    """Collects what a browser would submit from the form with id `form_id` (or the first form)."""

    def __init__(self, form_id=None):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = False
        self.done = False
        self.data = []
        self._select = None
        self._select_first = None
        self._select_chosen = False
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and not self.done and not self.in_form:
            self.in_form = self.form_id is None or attrs.get("id") == self.form_id
            return
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and "__prefix__" not in name:
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.data.append((name, attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name and "__prefix__" not in name:
            self._select, self._select_first, self._select_chosen = name, None, False
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in attrs:
                self.data.append((self._select, value))
                self._select_chosen = True
        elif tag == "textarea" and name and "__prefix__" not in name:
            self._textarea = [name, ""]

    def handle_endtag(self, tag):
        if tag == "form" and self.in_form:
            self.in_form, self.done = False, True
        elif tag == "select" and self._select:
            if not self._select_chosen and self._select_first is not None:
                self.data.append((self._select, self._select_first))
            self._select = None
        elif tag == "textarea" and self._textarea:
            name, text = self._textarea
            self.data.append((name, text.removeprefix("\n")))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._textarea[1] += data


def form_data(response, form_id=None, **changes):
    """The form's fields as a dict for `client.post`, with `changes` applied.

    Multi-valued fields (a multiple select) become lists.
    """
    reader = _FormReader(form_id)
    reader.feed(response.content.decode())
    data = {}
    for name, value in reader.data:
        if name in data:
            existing = data[name]
            data[name] = [*existing, value] if isinstance(existing, list) else [existing, value]
        else:
            data[name] = value
    data.update(changes)
    return data
