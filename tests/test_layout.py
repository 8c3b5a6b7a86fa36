"""The architecture the layout promises (README, "Where things live"): imports point one way,
the gallery page renders without the articles app's code, and no module outgrows a screen."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Each app, and the apps it may import. `fronts` → `articles` → `media_gallery` → `reader` →
# `publishing`; `security` (sign-in, trusted proxies) stands alone; `desk` (notes, inbox) is
# built on the content apps and none of them imports it.
MAY_IMPORT = {
    "security": set(),
    "publishing": set(),
    "reader": {"publishing"},
    "media_gallery": {"reader", "publishing"},
    "articles": {"media_gallery", "reader", "publishing"},
    # New apps build on the others; none of those imports them.
    "wordpress": {"articles", "media_gallery", "reader", "publishing"},
    "fronts": {"articles", "media_gallery", "reader", "publishing"},
    "desk": {"articles", "media_gallery", "reader", "publishing"},
}
# Template libraries each app owns, and the templates that belong to an app's pages.
LIBRARIES = {"articles": "articles", "pictures": "media_gallery", "galleries": "media_gallery"}
MAX_LINES = 400


def python_files(app):
    return [p for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts]


def imported_apps(path):
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found |= {name.split(".")[0] for name in names} & set(MAY_IMPORT)
    return found


@pytest.mark.parametrize("app", MAY_IMPORT)
def test_imports_point_one_way(app):
    wrong = {
        str(path.relative_to(ROOT)): sorted(imported_apps(path) - MAY_IMPORT[app] - {app})
        for path in python_files(app)
    }
    assert {path: apps for path, apps in wrong.items() if apps} == {}


def loaded_libraries(template):
    return {
        name
        for load in re.findall(r"{%\s*load\s+([^%]+?)\s*%}", template.read_text())
        for name in load.split()
    }


@pytest.mark.parametrize(
    "template", ["base.html", "404.html", "includes/figure.html", "includes/social_meta.html"]
)
def test_the_site_chrome_needs_no_content_app_library(template):
    assert loaded_libraries(ROOT / "templates" / template) & set(LIBRARIES) <= {"pictures"}


def test_the_gallery_page_needs_nothing_from_articles():
    for template in (ROOT / "templates" / "media_gallery").rglob("*.html"):
        owners = {LIBRARIES.get(name) for name in loaded_libraries(template)}
        assert "articles" not in owners, template


def test_no_module_outgrows_a_screen():
    long = {
        str(path.relative_to(ROOT)): lines
        for app in MAY_IMPORT
        for path in python_files(app)
        if (lines := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}
