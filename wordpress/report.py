"""The closing report of an import: what was imported, updated, skipped and why, printed and
written to a file; and the progress line shown while it runs."""

import sys
import time
from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Report:
    export: str = ""
    site: str = ""
    dry_run: bool = False
    imported: Counter = field(default_factory=Counter)  # posts, pages, photos, people, …
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    not_imported: Counter = field(default_factory=Counter)  # comments, menus, private posts, …
    content: Counter = field(default_factory=Counter)  # what the content held that was kept as text
    skipped: list = field(default_factory=list)  # (what, why)
    missing_files: list = field(default_factory=list)  # (attachment, file, why)
    renamed: list = field(default_factory=list)  # (what, wanted slug, given slug)
    notes: list = field(default_factory=list)
    seconds: float = 0.0

    def skip(self, what, why):
        self.skipped.append((what, why))

    def text(self):
        verb = "Would import" if self.dry_run else "Imported"
        lines = [
            f"WordPress import of {self.export} (site {self.site or 'unknown'})"
            + (" — DRY RUN, nothing was written" if self.dry_run else ""),
            f"Finished in {self.seconds:.1f} s.",
            "",
            f"{verb}: " + _counts(self.imported),
            "Updated: " + _counts(self.updated),
            "Unchanged since the last run (skipped): " + _counts(self.unchanged),
            "Not imported: " + _counts(self.not_imported),
        ]
        if self.content:
            lines += ["", "Content kept as text or changed (counted over all posts):"]
            lines += [f"  {n:>6}  {what}" for what, n in sorted(self.content.items())]
        sections = [
            ("Skipped, and why", [f"{what}: {why}" for what, why in self.skipped]),
            (
                "Files that could not be had (the stories were imported without them)",
                [f"{what} ({name}): {why}" for what, name, why in self.missing_files],
            ),
            (
                "Slugs changed (taken, or not usable in an address)",
                [f"{what}: “{wanted}” → “{given}”" for what, wanted, given in self.renamed],
            ),
            ("Notes", self.notes),
        ]
        for title, rows in sections:
            if rows:
                lines += ["", f"{title} ({len(rows)}):"] + [f"  - {row}" for row in rows]
        return "\n".join(lines) + "\n"


def _counts(counter):
    shown = [f"{n} {what}" for what, n in sorted(counter.items()) if n]
    return ", ".join(shown) or "nothing"


class Progress:
    """One line, redrawn at most twice a second: done of total, rate, time left, counts."""

    def __init__(self, total, stream=None, label="items"):
        self.total, self.done, self.label = max(total, 1), 0, label
        self.stream = stream or sys.stderr
        self.started = self.shown = time.monotonic()

    def step(self, counts, force=False):
        self.done += 1
        now = time.monotonic()
        if not force and now - self.shown < 0.5 and self.done < self.total:
            return
        self.shown = now
        rate = self.done / max(now - self.started, 1e-6)
        left = (self.total - self.done) / rate if rate else 0
        filled = int(20 * self.done / self.total)
        bar = "#" * filled + "-" * (20 - filled)
        self.stream.write(
            f"\r[{bar}] {self.done}/{self.total} {self.label} · {_counts(counts)} · "
            f"{rate:.0f}/s · {left / 60:.1f} min left   "
        )
        self.stream.flush()

    def close(self):
        self.stream.write("\n")
        self.stream.flush()
