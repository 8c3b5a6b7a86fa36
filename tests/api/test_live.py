"""Live stories go out with their posts (body, byline, corrections), key points and whether
coverage goes on; drafts and removed posts never do; partners hear of each new post."""

from api.models import Webhook
from articles import live
from tests.api.conftest import ninjs_problems
from tests.api.test_webhooks import Receiver
from tests.articles.live_helpers import make_live_story, post


def test_a_live_story_goes_out_with_its_posts(get, editor, newsroom):
    story = make_live_story(section=newsroom["world"])
    first = post(editor, story, "Winds reach 120 mph.", title="Landfall")
    live.correct_post(editor, first, "correction", "Winds reached 110 mph, not 120.")
    post(editor, story, "Power is out for 2 million.")
    post(editor, story, "A draft nobody may see yet.", publish=False)
    removed = post(editor, story, "Posted by mistake.")
    live.remove_post(editor, removed)

    item = get(f"/api/v1/items/article-{story.pk}").json()
    assert ninjs_problems(item) == []
    assert item["profile"] == "live"
    posts = [a for a in item["associations"] if a["rel"] == "live-post"]
    bodies = [p["bodies"][0]["value"] for p in posts]
    assert any("2 million" in body for body in bodies)
    assert not any("draft nobody" in body or "by mistake" in body for body in bodies)
    landfall = next(p for p in posts if p.get("headlines"))
    assert landfall["by"] == "Pat Poster"
    assert landfall["associations"][0]["bodies"][0]["value"].startswith("Winds reached 110")
    points = [d["value"] for d in item["descriptions"] if d["role"] == "key-point"]
    assert points == ["Landfall at 9 p.m.", "Evacuations ordered"]
    assert {"role": "coverage", "value": "live"} in item["descriptions"]

    only_live = get("/api/v1/items/?type=live").json()["items"]
    assert [i["altIds"][0]["value"] for i in only_live] == [f"article-{story.pk}"]
    everything = get("/api/v1/items/?type=article&limit=100").json()["items"]
    assert f"article-{story.pk}" in {i["altIds"][0]["value"] for i in everything}


def test_a_new_post_tells_partners_the_story_was_updated(editor, newsroom,
                                                         django_capture_on_commit_callbacks):  # fmt: skip
    receiver = Receiver()
    try:
        Webhook.objects.create(name="Radio", url=receiver.url, secret="s")
        story = make_live_story(section=newsroom["world"])
        with django_capture_on_commit_callbacks(execute=True):
            post(editor, story, "Eye of the storm over the city.")
        assert [(e["event"], e["guid"]) for e in receiver.events()] == [
            ("update", f"article-{story.pk}")
        ]
    finally:
        receiver.server.shutdown()
