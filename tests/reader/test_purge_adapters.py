"""The CDN adapters purge by the keys of what changed, as each CDN's API expects: checked
against a real HTTP server standing in for Fastly's and Cloudflare's API hosts."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from articles.models import Section
from publishing.models import Status
from reader import purge
from tests.factories import make_article
from tests.reader.conftest import add_correction

pytestmark = pytest.mark.django_db


class Recorder(BaseHTTPRequestHandler):
    """Answers every POST as the API would, and keeps what was asked."""

    def do_POST(self):  # noqa: N802 - the standard library's name
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.seen.append({"path": self.path, "headers": dict(self.headers), "body": body})
        answer = json.dumps(self.server.answer).encode()
        self.send_response(self.server.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


@pytest.fixture
def api():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    server.seen, server.status, server.answer = [], 200, {"status": "ok", "success": True}
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield server
    server.shutdown()


@pytest.fixture
def fastly(settings, api):
    settings.NEWSROOM_FRONT_CACHES = ["fastly"]
    settings.NEWSROOM_FASTLY_API = api.url
    settings.FASTLY_SERVICE_ID = "SU1Z0isxPaozGVKXdv0eY"
    settings.FASTLY_API_TOKEN = "fastly-token"
    return api


@pytest.fixture
def cloudflare(settings, api):
    settings.NEWSROOM_FRONT_CACHES = ["cloudflare"]
    settings.NEWSROOM_CLOUDFLARE_API = api.url
    settings.CLOUDFLARE_ZONE_ID = "023e105f4ecef8ad9ca31a8372d0c353"
    settings.CLOUDFLARE_API_TOKEN = "cloudflare-token"
    return api


def test_fastly_is_asked_to_purge_the_keys_of_a_corrected_story(
    fastly, seed, django_capture_on_commit_callbacks
):
    fastly.seen.clear()
    story = seed["article"]
    with django_capture_on_commit_callbacks(execute=True):  # the CDN is told after the commit
        add_correction(story, "An earlier version misstated the general's rank.")
    assert len(fastly.seen) == 1  # once, not before and after the commit
    assert fastly.seen, "Fastly was not asked"
    request = fastly.seen[-1]
    assert request["path"] == "/service/SU1Z0isxPaozGVKXdv0eY/purge"
    assert request["headers"]["Fastly-Key"] == "fastly-token"
    assert f"article:{story.pk}" in request["headers"]["Surrogate-Key"].split(" ")


def test_a_drafts_save_asks_no_cdn_for_anything(fastly, seed, django_capture_on_commit_callbacks):
    fastly.seen.clear()
    with django_capture_on_commit_callbacks(execute=True):
        draft = make_article("Not yet", section=seed["world"], status=Status.DRAFT)
        draft.deck = "Typed and saved again."
        draft.save()
    assert fastly.seen == []


def test_cloudflare_gets_the_cache_tags_thirty_at_a_time(cloudflare, seed):
    cloudflare.seen.clear()
    names = [f"article:{n}" for n in range(75)]
    purge.keys(names)
    bodies = [json.loads(request["body"]) for request in cloudflare.seen]
    assert [len(body["tags"]) for body in bodies] == [30, 30, 15]
    assert sorted(tag for body in bodies for tag in body["tags"]) == sorted(names)
    request = cloudflare.seen[0]
    assert request["path"] == "/zones/023e105f4ecef8ad9ca31a8372d0c353/purge_cache"
    assert request["headers"]["Authorization"] == "Bearer cloudflare-token"


def test_a_section_renamed_purges_everything(cloudflare, seed, django_capture_on_commit_callbacks):
    cloudflare.seen.clear()
    section = Section.objects.get(pk=seed["world"].pk)
    section.name = "International"
    with django_capture_on_commit_callbacks(execute=True):
        section.save()
    assert {"purge_everything": True} in [json.loads(r["body"]) for r in cloudflare.seen]


def test_a_cdn_that_fails_never_fails_the_save(
    cloudflare, seed, caplog, django_capture_on_commit_callbacks
):
    cloudflare.seen.clear()
    cloudflare.answer = {"success": False, "errors": [{"code": 10000, "message": "Auth"}]}
    with django_capture_on_commit_callbacks(execute=True):
        correction = add_correction(seed["article"], "A correction saved while the CDN refuses.")
    assert correction.pk is not None
    assert cloudflare.seen  # it was asked
    assert "refused the purge" in caplog.text


def test_cloudfront_invalidates_the_addresses_filed_under_the_changed_keys(
    settings, seed, client, monkeypatch, django_capture_on_commit_callbacks
):
    """CloudFront has no keys: the pages' addresses are filed under them as they are served,
    and a correction invalidates exactly those paths (checked against AWS's API model)."""
    import boto3
    from botocore.stub import ANY, Stubber

    settings.NEWSROOM_FRONT_CACHES = ["cloudfront"]
    settings.NEWSROOM_FRONT_CACHE_SECONDS = 60
    settings.CLOUDFRONT_DISTRIBUTION_ID = "E2QWRUHAPOMQZL"
    story = seed["article"]
    other = make_article("Cup final tonight")
    for address in (story.get_absolute_url(), other.get_absolute_url()):
        assert "public" in client.get(address)["Cache-Control"]

    cloudfront = boto3.client(
        "cloudfront",
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    stubber = Stubber(cloudfront)
    stubber.add_response(
        "create_invalidation",
        {
            "Location": "https://cloudfront.amazonaws.com/x",
            "Invalidation": {
                "Id": "I2J0I21PCUYOIK",
                "Status": "InProgress",
                "CreateTime": "2026-12-01T00:00:00Z",
                "InvalidationBatch": {
                    "Paths": {"Quantity": 1, "Items": ["/x"]},
                    "CallerReference": "x",
                },
            },
        },
        {
            "DistributionId": "E2QWRUHAPOMQZL",
            "InvalidationBatch": {
                "Paths": {"Quantity": 1, "Items": [story.get_absolute_url()]},
                "CallerReference": ANY,
            },
        },
    )
    monkeypatch.setattr(purge.CloudFront, "client", lambda self: cloudfront)
    with stubber:
        with django_capture_on_commit_callbacks(execute=True):
            add_correction(story, "An earlier version misstated the general's rank.")
        stubber.assert_no_pending_responses()
