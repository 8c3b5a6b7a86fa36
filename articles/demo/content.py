"""The demo's words, read from the TOML files in `data/` (the format is in data/README.md).

This is the one module that opens those files. It hands back plain dicts and lists as TOML
reads them, with three things settled: times written without an offset are New York time,
bodies are lists of paragraphs, and timeline dates are `datetime.date`s.
"""

import datetime
import re
import tomllib
from pathlib import Path
from zoneinfo import ZoneInfo

DATA = Path(__file__).resolve().parent / "data"

# The zone the desk wrote the demo's times in. Fixed, not NEWSROOM_TIME_ZONE: the seed story
# went out at 12:39 p.m. in New York wherever the site is configured to display times.
NEWSROOM_TZ = ZoneInfo("America/New_York")

DATE_PARTS = {"year": 1, "month": 2, "day": 3}


def desk():
    """Sections, people, logins and `demo_photos` (what every drawn photo says by default)."""
    return read("desk")


def seed_story():
    return story(read("seed-story"), "seed-story")


def stories():
    """The related story and the filler, in the order they are written."""
    return [story(row, "stories") for row in read("stories")["stories"]]


def gallery():
    return read("gallery")


def timeline():
    spec = read("timeline")
    for event in spec["events"]:
        event["date"] = event_date(event["date"], event["precision"])
    return spec


def read(name):
    """One data file, with its offset-free times placed in New York."""
    with (DATA / f"{name}.toml").open("rb") as handle:
        return in_newsroom_time(tomllib.load(handle))


def in_newsroom_time(value):
    if isinstance(value, dict):
        return {key: in_newsroom_time(item) for key, item in value.items()}
    if isinstance(value, list):
        return [in_newsroom_time(item) for item in value]
    if isinstance(value, datetime.datetime) and value.tzinfo is None:
        return value.replace(tzinfo=NEWSROOM_TZ)
    return value


def story(row, source):
    if row.get("status") == "published" and not row.get("published_at"):
        raise ValueError(
            f"{source}.toml: “{row['headline']}” is published but has no published_at."
        )
    return {**row, "body": paragraphs(row["body"])}


def paragraphs(text):
    """Paragraphs are separated by a blank line; lines within one are joined with a space."""
    blocks = re.split(r"\n[ \t]*\n", text.strip())
    return [" ".join(line.strip() for line in block.splitlines()) for block in blocks]


def event_date(text, precision):
    """ "2011", "2011-03" or "2011-04-21" (as `precision` says) as the first day it can mean."""
    parts = [int(part) for part in text.split("-")]
    if len(parts) != DATE_PARTS[precision]:
        raise ValueError(f"timeline.toml: {text!r} is not written to the precision {precision!r}.")
    return datetime.date(*parts, *[1] * (3 - len(parts)))
