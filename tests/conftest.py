"""Test set-up: PostgreSQL where reachable (required in CI), media in a temporary folder."""

import os

import pytest
from django.conf import settings


def pytest_report_header(config):
    db = settings.DATABASES["default"]
    if settings.DATABASE_VENDOR == "postgresql":
        return f"Newsroom tests run on PostgreSQL at {db['HOST']}:{db['PORT']} (test database test_{db['NAME']})"
    return f"Newsroom tests run on SQLite ({db['NAME']}): no PostgreSQL answered"


def pytest_configure(config):
    if (
        os.environ.get("CI", "").lower() in {"1", "true", "yes"}
        and settings.DATABASE_VENDOR != "postgresql"
    ):
        pytest.exit(
            "CI=true but no PostgreSQL answered at 127.0.0.1:5432: refusing to test on SQLite.", 2
        )


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Every test writes its files into its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.NEWSROOM_ORIGINALS_ROOT = tmp_path / "originals"
    return settings.MEDIA_ROOT
