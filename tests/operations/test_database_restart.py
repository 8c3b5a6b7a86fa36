"""PostgreSQL restarts under a running site: a private cluster (initdb, pg_ctl) behind real
gunicorn app servers with production settings. Once the database is back nobody sees a 500;
while it is away readers get a 503 and an editor's save comes back with every typed value."""

import pytest

from tests.forms import form_data

from .servers import PostgresCluster
from .stack import AppServer, Browser, manage, production_environment

SEED = """
from tests.factories import make_article, make_section, make_user
make_user("desk-editor", group="Editors", password="correct-horse-battery")
story = make_article("Syrian general defects", slug="syrian-general-defects",
                     section=make_section("World"))
print(story.pk, story.get_absolute_url())
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    cluster = PostgresCluster()
    server = None
    try:
        cluster.create()
        folder = tmp_path_factory.mktemp("site")
        environment = production_environment(
            cluster.url,
            "http://127.0.0.1",
            static_root=folder / "static",
            media_root=folder / "media",
        )
        manage(environment, "migrate", "--noinput")
        manage(environment, "collectstatic", "--noinput")
        pk, address = manage(environment, "shell", "-c", SEED).stdout.split()[-2:]
        server = AppServer(environment, workers=1).start()
        yield {"cluster": cluster, "server": server, "pk": pk, "address": address}
    finally:
        if server:
            server.stop()
        cluster.destroy()


def test_nobody_sees_a_500_once_the_restarted_database_is_back(site):
    reader = Browser(f"http://127.0.0.1:{site['server'].port}")
    editor = Browser(f"http://127.0.0.1:{site['server'].port}")
    editor.sign_in("desk-editor", "correct-horse-battery")
    assert reader.get(site["address"]).status_code == 200
    assert editor.get("/admin/articles/article/").status_code == 200

    # Every persistent connection the app server holds is now broken.
    site["cluster"].restart()

    for _ in range(3):
        story = reader.get(site["address"])
        assert story.status_code == 200
        assert "Syrian general defects" in story.text()
        assert editor.get("/admin/articles/article/").status_code == 200
    assert reader.get("/healthz").status_code == 200


def test_a_save_while_the_database_is_away_is_given_back_and_sent_again(site):
    editor = Browser(f"http://127.0.0.1:{site['server'].port}")
    reader = Browser(f"http://127.0.0.1:{site['server'].port}")
    editor.sign_in("desk-editor", "correct-horse-battery")
    change = f"/admin/articles/article/{site['pk']}/change/"
    typed = form_data(
        editor.get(change).text(),
        "article_form",
        headline="Syrian general defects, saying others want to follow",
    )

    site["cluster"].stop()
    try:
        refused = editor.post(change, typed)
        assert refused.status_code == 503
        assert refused.headers["Retry-After"]
        page = refused.text()
        assert "Not saved yet" in page
        assert "Syrian general defects, saying others want to follow" in page
        down = reader.get(site["address"])
        assert down.status_code == 503
        assert "back in a moment" in down.text()
        assert reader.get("/healthz").status_code == 503
        assert reader.get("/healthz/live").status_code == 200
    finally:
        site["cluster"].start()

    # The page's own form sends every typed value again.
    again = editor.post(change, form_data(page, "send-again"))
    assert again.status_code == 302, again.text()[:2000]
    assert "saying others want to follow" in reader.get(site["address"]).text()
