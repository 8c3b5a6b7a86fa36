"""A photo's credit reads the same wherever it is printed: under the lead photo, a timeline
event and a gallery photo, and in JSON-LD. The photographer comes first when known."""

import datetime
import json
import re

import pytest

from tests.factories import make_person, make_photo, make_timeline

from .conftest import add_event

pytestmark = pytest.mark.django_db


def credits_in(html):
    return re.findall(r'<span class="credit">(.*?)</span>', html)


def test_the_photographer_and_the_credit_print_alike_on_every_page(client, seed):
    malla = make_person("Hussein Malla")
    for photo in (seed["lead"], *seed["gallery"].photos.all()):
        photo.photographer, photo.credit = malla, "AP"
        photo.save()
    timeline = make_timeline(published_at=seed["article"].published_at)
    add_event(
        timeline, date=datetime.date(2012, 12, 25), headline="A general defects", photo=seed["lead"]
    )

    story = client.get(seed["article"].get_absolute_url()).content.decode()
    gallery = client.get(seed["gallery"].get_absolute_url()).content.decode()
    chronology = client.get(timeline.get_absolute_url()).content.decode()

    assert credits_in(story) == ["Hussein Malla / AP"]
    assert credits_in(chronology) == ["Hussein Malla / AP"]
    assert set(credits_in(gallery)) == {"Hussein Malla / AP"}
    data = json.loads(re.search(r'ld\+json">(.*?)</script>', gallery, re.S).group(1))
    assert {image["creditText"] for image in data[0]["image"]} == {"Hussein Malla / AP"}


def test_a_name_the_credit_already_carries_is_not_printed_twice(db):
    agency = make_photo(credit="Hussein Malla/AP", photographer_name="Hussein Malla")
    typed = make_photo(credit="", photographer_name="Jane Doe")
    wire = make_photo(credit="Al Arabiya TV via AP", photographer_name="")
    assert agency.credit_line == "Hussein Malla/AP"
    assert typed.credit_line == "Jane Doe"
    assert wire.credit_line == "Al Arabiya TV via AP"
