"""Every kind of item validates against IPTC's ninjs 3.1 schema, and carries what a partner
needs: bylines with roles, dateline, body with its photos, corrections, subjects, times."""

from tests.api.conftest import ninjs_problems


def item(get, guid):
    response = get(f"/api/v1/items/{guid}")
    assert response.status_code == 200, response.content
    data = response.json()
    assert ninjs_problems(data) == []
    return data


def test_every_kind_of_item_validates_against_the_ninjs_schema(get, newsroom):
    guids = [
        f"article-{newsroom['story'].pk}",
        f"gallery-{newsroom['gallery'].pk}",
        f"timeline-{newsroom['timeline'].pk}",
        f"photo-{newsroom['lead'].pk}",
        f"person-{newsroom['babak'].pk}",
        f"person-{newsroom['ap'].pk}",
        f"section-{newsroom['middle_east'].pk}",
    ]
    kinds = {item(get, guid)["profile"] for guid in guids}
    assert kinds == {"article", "gallery", "timeline", "photo", "person", "section"}
    listed = get("/api/v1/items/?type=article,gallery,timeline,photo,person,section&limit=100")
    assert listed.status_code == 200
    for entry in listed.json()["items"]:
        assert ninjs_problems(entry) == [], entry["uri"]


def test_story_item_carries_bylines_dateline_body_corrections_and_subjects(get, newsroom):
    story = item(get, f"article-{newsroom['story'].pk}")
    assert story["type"] == "text"
    assert story["headlines"][0] == {"role": "main", "value": "Syrian general defects"}
    assert {"role": "kicker", "value": "Syria"} in story["headlines"]
    assert story["located"] == "BEIRUT"
    assert story["by"] == "Babak Dehghanpisheh and The Associated Press"
    assert [(p["name"], p["rel"]) for p in story["people"]] == [
        ("Babak Dehghanpisheh", "author"),
        ("Ahmed Ramadan", "contributor"),
    ]
    assert story["organisations"][0]["name"] == "The Associated Press"
    body = story["bodies"][0]
    assert body["contentType"] == "text/html"
    assert "BEIRUT —" in body["value"] and "others want to follow" in body["value"]
    assert "<script" not in body["value"] and "<iframe" not in body["value"]
    subjects = {(s["rel"], s["literal"]) for s in story["subjects"]}
    assert {("section", "middle-east"), ("parent-section", "world"), ("tag", "syria")} <= subjects
    assert story["firstCreated"] and story["versionCreated"] and story["embargoedUntil"]
    assert story["version"] == str(newsroom["story"].version)
    by_rel = {}
    for association in story["associations"]:
        by_rel.setdefault(association["rel"], []).append(association)
    lead = by_rel["lead"][0]
    assert lead["type"] == "picture"
    assert lead["renditions"], "the lead photo goes with every rendition"
    for rendition in lead["renditions"]:
        assert rendition["href"].startswith("http")
        assert rendition["width"] > 0 and rendition["height"] > 0
        assert rendition["contentType"].startswith("image/")
    inline = by_rel["inline"]
    assert {"Tents near the border, in a caption."} <= {
        d["value"] for a in inline for d in a.get("descriptions", []) if d["role"] == "caption"
    }
    assert any(a.get("profile") == "gallery" for a in inline)
    related = {a["profile"] for a in by_rel["related"]}
    assert related == {"article", "timeline"}
    (correction,) = by_rel["correction"]
    assert correction["profile"] == "correction"
    assert correction["bodies"][0]["value"] == "An earlier version misspelled a name."
    assert correction["versionCreated"]


def test_gallery_and_timeline_items_carry_their_photos_and_events(get, newsroom):
    gallery = item(get, f"gallery-{newsroom['gallery'].pk}")
    photos = [a for a in gallery["associations"] if a["rel"] == "item"]
    assert len(photos) == 2 and all(p["renditions"] for p in photos)
    timeline = item(get, f"timeline-{newsroom['timeline'].pk}")
    events = [a for a in timeline["associations"] if a["rel"] == "event"]
    assert [e["eventDetails"]["dates"]["expectedStartDate"] for e in events] == [
        "2011-03",
        "2012-12-25",
    ]
    assert events[1]["associations"][1]["uri"].endswith(f"article-{newsroom['story'].pk}")
