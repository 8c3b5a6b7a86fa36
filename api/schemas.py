"""The shapes the OpenAPI document gives for what the API serves: the part of IPTC ninjs 3.1
that Newsroom writes (every item also validates against IPTC's own schema in the tests)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Text(Strict):
    role: str | None = None
    contentType: str | None = None
    value: str


class Body(Text):
    wordCount: int | None = None
    charCount: int | None = None


class Party(Strict):
    name: str
    rel: str | None = None
    role: str | None = None
    uri: str | None = None
    literal: str | None = None


class Genre(Strict):
    name: str
    literal: str


class AltId(Strict):
    role: str
    value: str


class RenditionOut(Strict):
    name: str
    href: str
    contentType: str
    width: int | None = None
    height: int | None = None


class Dates(Strict):
    expectedStartDate: str


class EventDetails(Strict):
    dates: Dates


class Item(Strict):
    """A news item in IPTC ninjs 3.1."""

    uri: str
    # Only on an association: its name in the item and its relation to it.
    name: str | None = None
    rel: str | None = None
    type: str | None = Field(None, description="text, picture, composite or event")
    profile: str | None = Field(
        None,
        description="Newsroom's kind: article, live, gallery, timeline, photo, person, "
        "section (associations: correction kinds, timeline-event, live-post)",
    )
    standard: dict[str, str] | None = Field(
        None, description="name ninjs, version 3.1, and the schema's address"
    )
    representationType: str | None = None
    version: str | None = None
    language: str | None = None
    firstCreated: datetime | None = None
    versionCreated: datetime | None = None
    contentCreated: datetime | None = None
    embargoedUntil: datetime | None = None
    pubStatus: str | None = None
    headlines: list[Text] | None = None
    descriptions: list[Text] | None = None
    bodies: list[Body] | None = None
    by: str | None = None
    people: list[Party] | None = None
    organisations: list[Party] | None = None
    infoSources: list[Party] | None = None
    located: str | None = None
    subjects: list[Party] | None = None
    genres: list[Genre] | None = None
    copyrightNotice: str | None = None
    usageTerms: str | None = None
    renditions: list[RenditionOut] | None = None
    associations: list[Item] | None = None
    altIds: list[AltId] | None = None
    eventDetails: EventDetails | None = None


class ItemList(Strict):
    items: list[Item]
    next: str | None = Field(
        None, description="The cursor of the next page (pass it as `cursor`); null on the last."
    )


class Problem(Strict):
    detail: str


class Gone(Strict):
    detail: str
    guid: str
    removed_at: datetime
