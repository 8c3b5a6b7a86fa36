"""A data table: a caption, a header row, body rows of plain text and a source line."""

from dataclasses import dataclass, field
from html import escape

from .base import MAX_CELL, MAX_TABLE_COLUMNS, MAX_TABLE_ROWS, too_long


@dataclass
class Table:
    """A data table: caption, a header row, body rows of plain text, a source line. Stored as
    the editor's own `<table>`, its caption and source in data attributes."""

    rows: list = field(default_factory=list)  # lists of cell text, the header first
    caption: str = ""
    source: str = ""
    header: bool = True
    kind = "table"

    @classmethod
    def read(cls, node):
        rows, header = [], None
        for row in node.find_all("tr"):
            cells = [cell for cell in row.children if cell.tag in ("th", "td")]
            if header is None:
                header = bool(cells) and all(cell.tag == "th" for cell in cells)
            rows.append([" ".join(cell.text_content().split()) for cell in cells])
        width = max((len(row) for row in rows), default=0)
        rows = [row + [""] * (width - len(row)) for row in rows]
        return cls(
            rows=rows,
            caption=node.attrs.get("data-caption", "").strip(),
            source=node.attrs.get("data-source", "").strip(),
            header=bool(header),
        )

    @property
    def head(self):
        return self.rows[0] if self.header and self.rows else []

    @property
    def body_rows(self):
        return self.rows[1:] if self.header else self.rows

    def to_html(self):
        def row_html(cells, tag):
            return "<tr>" + "".join(f"<{tag}><p>{escape(c)}</p></{tag}>" for c in cells) + "</tr>"

        rows = ([row_html(self.head, "th")] if self.head else []) + [
            row_html(row, "td") for row in self.body_rows
        ]
        attrs = "".join(
            f' data-{name}="{escape(value)}"'
            for name, value in (("caption", self.caption), ("source", self.source))
            if value
        )
        return f"<table{attrs}><tbody>{''.join(rows)}</tbody></table>"

    def problems(self):
        found = []
        if not self.rows:
            found.append("it has no rows.")
        if len(self.body_rows) > MAX_TABLE_ROWS:
            found.append(
                f"it has {len(self.body_rows)} rows; the limit is {MAX_TABLE_ROWS}. Split it, "
                "or link to the full data."
            )
        columns = len(self.rows[0]) if self.rows else 0
        if columns > MAX_TABLE_COLUMNS:
            found.append(f"it has {columns} columns; the limit is {MAX_TABLE_COLUMNS}.")
        if any(len(cell) > MAX_CELL for row in self.rows for cell in row):
            found.append(f"a cell is longer than {MAX_CELL} characters.")
        return found + too_long(self.caption, 300, "caption") + too_long(self.source, 300, "source")

    def describe(self):
        columns = len(self.rows[0]) if self.rows else 0
        cells = " | ".join(" ; ".join(row) for row in self.rows)
        rows = len(self.body_rows)
        size = f"{rows} row{'s' if rows != 1 else ''} × {columns}"
        return f"[Table “{self.caption}”, {size}: {cells}]"

    def plain(self):
        return " ".join([self.caption, *(" ".join(row) for row in self.rows), self.source])
