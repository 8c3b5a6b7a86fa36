"""The OpenAPI 3.1 document describes every endpoint, and what the API serves matches it:
schemathesis generates requests from the document and checks every answer against it."""

import datetime
import json

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from api.selectors import encode_cursor
from api.views import api

# The document exactly as /api/v1/openapi.json serves it (checked below), answered in process.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"))
schema.app = WSGIHandler()
VALID_CURSOR = encode_cursor((datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC), 0, 10**6))


@pytest.fixture
def in_process(newsroom):
    # As Django's test client does: a request must not close the test's connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_the_document_is_openapi_3_1_and_names_every_endpoint(client):
    document = client.get("/api/v1/openapi.json").json()
    assert document == json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/")))
    assert document["openapi"].startswith("3.1")
    assert set(document["paths"]) == {"/api/v1/items/", "/api/v1/items/{guid}"}
    security = document["components"]["securitySchemes"]
    assert any(s.get("in") == "header" and s.get("name") == "X-API-Key" for s in security.values())


@schema.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_answer_matches_the_document(case, partner, in_process):
    if case.query and case.query.get("cursor"):
        # A cursor is a token the API hands out, not something to make up: a made-up one is a
        # 400 (tested in test_http), which the "valid request accepted" check would count.
        case.query["cursor"] = VALID_CURSOR
    case.call_and_validate(headers={"X-API-Key": partner["key"]})
