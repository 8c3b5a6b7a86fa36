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


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def pytest_terminal_summary(terminalreporter):
    if _browser_skips:
        terminalreporter.write_sep("!", "BROWSER TESTS WERE SKIPPED", red=True, bold=True)
        for reason in sorted(set(_browser_skips)):
            terminalreporter.write_line(f"  {reason}", red=True)
