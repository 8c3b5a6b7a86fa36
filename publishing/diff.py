"""Readable differences between two snapshots (see `publishing.revisions`).

The result is plain data (lines made of equal, deleted and inserted segments) that the
templates render with `<del>` and `<ins>`; text is never marked safe here, so everything a
person wrote is HTML-escaped on output. Rich text is compared as paragraphs of plain text; a field
that reads itself (a story body, whose elements are a line each) says how, by `diff_lines`.
"""

import difflib
import html
import re

from django.utils.html import strip_tags

from .snapshots import child_model, content_fields, state_fields, tag_field, value_text

# Block-level tags that end a paragraph of rich text.
_BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|pre|figcaption|tr)>|<br\s*/?>|<hr\s*/?>", re.I)
_LOOKS_LIKE_HTML = re.compile(r"<(p|h[1-6]|ul|ol|li|blockquote|br|strong|em|a)\b", re.I)
_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")
# Unchanged lines shown around a change; longer runs are folded.
CONTEXT = 1


def text_lines(value):
    """A field value as lines of plain text: rich text becomes one line per paragraph."""
    if value is None:
        return []
    text = str(value)
    if _LOOKS_LIKE_HTML.search(text):
        text = html.unescape(strip_tags(_BLOCK_END.sub("\n", text)))
    return [line.strip() for line in text.splitlines() if line.strip()]


def word_segments(old, new):
    """One changed line as segments: ("equal"|"delete"|"insert", text)."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    segments = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            segments.append(("equal", "".join(a[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            segments.append(("delete", "".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            segments.append(("insert", "".join(b[j1:j2])))
    return segments


def line_diff(old_lines, new_lines):
    """Lines of a text diff: {"kind": equal|delete|insert|change|fold, "segments": [...]}."""
    lines = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            run = old_lines[i1:i2]
            if len(run) > 2 * CONTEXT + 1:
                head = run[:CONTEXT] if lines else []
                tail = run[-CONTEXT:] if i2 < len(old_lines) else []
                lines += [{"kind": "equal", "segments": [("equal", t)]} for t in head]
                folded = len(run) - len(head) - len(tail)
                lines.append({"kind": "fold", "segments": [("equal", f"… {folded} unchanged …")]})
                lines += [{"kind": "equal", "segments": [("equal", t)]} for t in tail]
            else:
                lines += [{"kind": "equal", "segments": [("equal", t)]} for t in run]
            continue
        old_run, new_run = old_lines[i1:i2], new_lines[j1:j2]
        paired = min(len(old_run), len(new_run)) if tag == "replace" else 0
        for old, new in zip(old_run[:paired], new_run[:paired], strict=True):
            lines.append({"kind": "change", "segments": word_segments(old, new)})
        lines += [{"kind": "delete", "segments": [("delete", t)]} for t in old_run[paired:]]
        lines += [{"kind": "insert", "segments": [("insert", t)]} for t in new_run[paired:]]
    return lines


def _field_text(snapshot, field, part="fields"):
    value = snapshot.get(part, {}).get(field.name)
    return value_text(field, value, snapshot.get("labels", {}).get(field.name))


def _field_lines(snapshot, field):
    """A field's value as lines; a field that knows its own format (a story body with its
    elements) says how it reads, by `diff_lines`."""
    own_reading = getattr(field, "diff_lines", None)
    if own_reading is not None:
        return own_reading(snapshot.get("fields", {}).get(field.name) or "")
    return text_lines(_field_text(snapshot, field))


def _parts(model):
    """Every part of a snapshot that can differ, as (label, reader(snapshot) -> lines)."""
    parts = []
    for field in content_fields(model):
        parts.append((field.verbose_name, lambda snap, f=field: _field_lines(snap, f)))
    if tag_field(model):
        parts.append(("tags", lambda snap: sorted(snap.get("tags", []), key=str.lower)))
    for group in ("children", "records"):
        for relation in getattr(model, f"revision_{group}"):
            label = child_model(model, relation)._meta.verbose_name_plural
            parts.append(
                (
                    label,
                    lambda snap, g=group, r=relation: [
                        row["label"] for row in snap.get(g, {}).get(r, [])
                    ],
                )
            )
    for field in state_fields(model):
        parts.append(
            (
                f"{field.verbose_name} (not restored)",
                lambda snap, f=field: text_lines(_field_text(snap, f, "state")),
            )
        )
    return parts


def compare(model, old, new):
    """The differences from snapshot `old` to snapshot `new`, part by part."""
    changes = []
    for label, read in _parts(model):
        before, after = read(old), read(new)
        if before != after:
            changes.append({"label": label, "lines": line_diff(before, after)})
    return changes


def changed_labels(model, old, new):
    """The names of the parts that differ, for a revision's summary."""
    return [str(label) for label, read in _parts(model) if read(old) != read(new)]
