"""Test set-up: PostgreSQL where reachable (required in CI), media in a temporary folder, the
desk's people in the shipped roles, and a headless Chromium for browser tests."""

import importlib
import os

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.db.models.signals import post_migrate

from tests.staff import make_reporter, member


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


@pytest.fixture
def fresh_cache():
    """An empty cache before and after (it outlives a test's transaction); the reader and API
    tests use it for every test."""
    cache.clear()
    yield
    cache.clear()


# The desk's people, in the groups the roles migration creates (never a copy of them here).
SHIPPED_ROLES = ("Editors", "Reporters", "Photo desk")


def restore_shipped_roles(sender, using, **kwargs):
    """Run the roles migration's own function again when its groups are gone.

    A transactional test (the browser tests) ends with a flush, and a reused test database
    keeps what the last one left: every table empty. Django's post_migrate then makes the
    content types and permissions again, but the groups only ever come from the migration.
    """
    from django.contrib.auth.models import Group

    if sender.label != "fronts":  # the last app: every permission exists by now
        return
    if Group.objects.using(using).filter(name__in=SHIPPED_ROLES).count() == len(SHIPPED_ROLES):
        return
    loader = MigrationExecutor(connections[using]).loader
    roles_migration = importlib.import_module("articles.migrations.0003_roles")
    roles_migration.create_roles(loader.project_state(("articles", "0003_roles")).apps, None)
    # Roles on models added later come from their own migrations.
    live_migration = importlib.import_module("articles.migrations.0008_live_coverage")
    live_state = loader.project_state(("articles", "0008_live_coverage"))
    live_migration.grant_live_roles(live_state.apps, None)
    # The front page is the editors' too (fronts' own roles migration).
    fronts_roles = importlib.import_module("fronts.migrations.0002_roles")
    fronts_roles.grant_editors(loader.project_state(("fronts", "0002_roles")).apps, None)
    api_roles = importlib.import_module("api.migrations.0002_editors_manage_api")
    api_roles.grant(loader.project_state(("api", "0002_editors_manage_api")).apps, None)
    photos_migration = importlib.import_module("desk.migrations.0003_reporters_upload_photos")
    photos_state = loader.project_state(("desk", "0003_reporters_upload_photos"))
    photos_migration.grant_photo_upload(photos_state.apps, None)


post_migrate.connect(restore_shipped_roles, dispatch_uid="tests.restore_shipped_roles")


@pytest.fixture
def editor(db):
    return member("ed", "Editors", "Edna Editor")


@pytest.fixture
def other_editor(db):
    return member("fred", "Editors", "Fred Fixer")


@pytest.fixture
def reporter(db):
    return make_reporter()


@pytest.fixture
def other_reporter(db):
    return member("ron", "Reporters", "Ron Rewrite")


@pytest.fixture
def photo_desk_member(db):
    return member("pat", "Photo desk", "Pat Pictures")


# Browser tests: Playwright for Python driving Debian's Chromium (never `playwright install`).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
_browser_skips = []


@pytest.fixture(scope="session")
def chromium():
    """A headless Chromium, or a loud skip where it cannot be had."""
    reason = None
    if not os.path.exists(CHROMIUM):
        reason = f"{CHROMIUM} is missing (apt-get install chromium)"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        reason = reason or "the playwright package is not installed"
    if reason:
        _browser_skips.append(reason)
        pytest.skip(f"BROWSER TESTS SKIPPED: {reason}")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # around it are synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


def _own_page(chromium):
    """A page in a browser context of its own: its own cookies, so its own person signed in.
    Waits are generous (15 s): other test runs share the machine's two cores."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    return page


def _close_quietly(context):
    """Close a browser context without the goodbye its pages send at pagehide (autosave, the
    edit lock's release): one reaching the live server while the test's database is emptied
    deadlocks the flush."""
    for open_page in context.pages:
        try:
            open_page.evaluate("() => { navigator.sendBeacon = () => true; }")
        except Exception:  # a page already gone or navigating sends nothing either
            pass
    context.close()


@pytest.fixture
def page(chromium):
    page = _own_page(chromium)
    yield page
    _close_quietly(page.context)


@pytest.fixture
def two_pages(chromium):
    """Two people at two browsers (two contexts), for the desk's tests of working together."""
    pages = [_own_page(chromium) for _ in range(2)]
    yield pages
    for page in pages:
        _close_quietly(page.context)


def pytest_terminal_summary(terminalreporter):
    if _browser_skips:
        terminalreporter.write_sep("!", "BROWSER TESTS WERE SKIPPED", red=True, bold=True)
        for reason in sorted(set(_browser_skips)):
            terminalreporter.write_line(f"  {reason}", red=True)
