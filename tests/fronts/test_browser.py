"""An editor rearranges the front page in headless Chromium: drags a top story into the lead
(its zone follows the drop), moves another with the keyboard's buttons, previews the unsaved
arrangement exactly as readers would see it, saves, and readers see it; drags a story into a
zone with nothing placed yet (its drop area); under the site's Content-Security-Policy, with
no script errors."""

import re

import pytest

from fronts.models import Front
from tests.factories import make_user

from .conftest import arrangement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def lead_headline(page):
    return page.locator(".lead-story .lead-headline").inner_text()


def test_editor_drags_a_story_into_the_lead_previews_and_saves(live_server, page, desk):
    editor = make_user("editor", group="Editors", password="desk-password-2012")
    stories = desk["stories"]
    front = arrangement(
        editor,
        desk,
        [
            {"item": stories["Storm reaches the coast"], "zone_key": "lead"},
            {"item": stories["Cup final tonight"], "zone_key": "top"},
            {"item": stories["Coach resigns"], "zone_key": "top"},
        ],
    )
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "console",
        lambda msg: msg.type == "error" and "404" not in msg.text and problems.append(msg.text),
    )

    page.goto(f"{live_server.url}/admin/login/?next=/admin/fronts/front/{front.pk}/change/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "desk-password-2012")
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/change/$"))

    rows = page.locator(".front-placements tbody tr.form-row:not(.empty-form)")
    assert rows.count() == 3
    # "Coach resigns" (top, second) dragged by its handle onto the upper half of the lead's
    # row: it goes first and joins the lead zone.
    coach = rows.nth(2)
    assert coach.locator("select[name$='-zone_key']").input_value() == "top"
    coach.locator(".drag-handle").drag_to(rows.nth(0), target_position={"x": 20, "y": 4})
    first = rows.nth(0)
    assert "Coach resigns" in first.inner_text()
    assert first.locator("select[name$='-zone_key']").input_value() == "lead"
    assert first.locator("input[name$='-order']").input_value() == "0"
    # The storm story is now second in the lead (a backup); its order number says so.
    assert rows.nth(1).locator("input[name$='-order']").input_value() == "1"
    # With the buttons: "Cup final tonight" up into the lead too, then back down to the top.
    cup = rows.nth(2)
    cup.locator("button[aria-label='Move this item up']").click()
    assert rows.nth(1).locator("select[name$='-zone_key']").input_value() == "lead"
    rows.nth(1).locator("button[aria-label='Move this item down']").click()
    assert rows.nth(2).locator("select[name$='-zone_key']").input_value() == "lead"
    rows.nth(2).locator("select[name$='-zone_key']").select_option("top")

    # The preview shows the unsaved arrangement as readers would see it.
    with page.context.expect_page() as opened:
        page.click("button[name=_preview]")
    preview = opened.value
    preview.wait_for_load_state()
    assert "Preview — not published" in preview.locator(".preview-banner").inner_text()
    assert lead_headline(preview) == "Coach resigns"
    assert "Cup final tonight" in preview.locator("#front-top").locator("..").inner_text()
    # Nothing is saved yet: readers still see the storm story lead.
    reader = page.context.new_page()
    reader.goto(live_server.url + "/")
    assert lead_headline(reader) == "Storm reaches the coast"

    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist")
    reader.goto(live_server.url + "/")
    assert lead_headline(reader) == "Coach resigns"
    saved = Front.objects.get(pk=front.pk)
    placed = sorted((p.zone_key, p.order, p.article.headline) for p in saved.placements.all())
    assert placed == [
        ("lead", 0, "Coach resigns"),
        ("lead", 1, "Storm reaches the coast"),
        ("top", 0, "Cup final tonight"),
    ]
    assert problems == []


def test_an_item_is_dragged_into_a_zone_with_nothing_placed_yet(live_server, page, desk):
    from playwright.sync_api import expect

    from tests.staff import log_in

    editor = make_user("edna", group="Editors")
    stories = desk["stories"]
    front = arrangement(
        editor,
        desk,
        [
            {"item": stories["Storm reaches the coast"], "zone_key": "lead"},
            {"item": stories["Cup final tonight"], "zone_key": "top"},
            {"item": stories["Coach resigns"], "zone_key": "top"},
        ],
    )
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    log_in(page, live_server, "edna")
    page.goto(f"{live_server.url}/admin/fronts/front/{front.pk}/change/")

    rows = page.locator(".front-placements tbody tr.form-row:not(.empty-form)")
    world = f"section:{desk['world'].pk}"
    sports = f"section:{desk['sports'].pk}"
    # Every zone with nothing placed shows a drop area, in the zones' order.
    drops = page.locator(".front-placements tr.zone-drop")
    expect(drops).to_have_count(5, timeout=15000)
    assert [drops.nth(n).get_attribute("data-zone") for n in range(5)] == [
        "live",
        world,
        sports,
        "galleries",
        "timelines",
    ]
    assert "Section rail: World" in drops.nth(1).inner_text()

    # "Coach resigns" dragged onto the World rail's drop area joins that rail, first in it.
    coach = rows.nth(2)
    coach.locator(".drag-handle").drag_to(
        page.locator(f".front-placements tr.zone-drop[data-zone='{world}']"),
        target_position={"x": 40, "y": 4},
    )
    coach = page.locator(".front-placements tr.form-row", has_text="Coach resigns")
    expect(coach.locator("select[name$='-zone_key']")).to_have_value(world, timeout=15000)
    assert coach.locator("input[name$='-order']").input_value() == "0"
    # The rail is no longer empty: its drop area is gone; the others stay.
    expect(page.locator(f".front-placements tr.zone-drop[data-zone='{world}']")).to_have_count(0)
    expect(drops).to_have_count(4)

    # With the buttons: "Cup final tonight", the last of top stories, moved down past the live
    # strip's drop area joins the live strip.
    cup = page.locator(".front-placements tr.form-row", has_text="Cup final tonight")
    cup.locator("button[aria-label='Move this item down']").click()
    expect(cup.locator("select[name$='-zone_key']")).to_have_value("live", timeout=15000)
    # Top stories is empty now and offers its own drop area.
    expect(page.locator(".front-placements tr.zone-drop[data-zone='top']")).to_have_count(1)

    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist")
    saved = Front.objects.get(pk=front.pk)
    placed = sorted((p.zone_key, p.order, p.article.headline) for p in saved.placements.all())
    assert placed == sorted(
        [
            ("lead", 0, "Storm reaches the coast"),
            ("live", 0, "Cup final tonight"),
            (world, 0, "Coach resigns"),
        ]
    )
    assert problems == []
