"""The newsroom's staff for workflow tests: logins in the roles the data migration ships
(articles/migrations/0003_roles.py), with full names, since messages name people by them."""

from django.test import Client
from django.urls import reverse

from tests.factories import make_person, make_user


def member(username, group, full_name):
    """A staff login in the shipped group `group`, with a full name."""
    first, last = full_name.split(" ", 1)
    user = make_user(username, group=group)
    user.first_name, user.last_name = first, last
    user.save()
    return user


def make_reporter():
    """Rita, a reporter whose Person is linked to her login (for "my drafts" and bylines)."""
    user = member("rita", "Reporters", "Rita Reporter")
    make_person("Rita Reporter", user=user)
    return user


def client_for(user):
    """A new test client, logged in as `user`."""
    client = Client()
    client.force_login(user)
    return client


def log_in(page, live_server, username):
    """Sign `username` in to the desk in a browser page (every test login's password)."""
    page.goto(f"{live_server.url}{reverse('admin:login')}")
    page.fill("#id_username", username)
    page.fill("#id_password", "correct-horse-battery")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


def choose_in_autocomplete(page, select_id, typed, option_text):
    """Open the select2 widget next to <select id=select_id>, type, and pick the option."""
    page.locator(f"#{select_id} + .select2").click()
    search = page.locator(".select2-container--open .select2-search__field")
    search.fill(typed)
    page.locator(".select2-results__option", has_text=option_text).first.click()


def save_and_continue(page):
    """Press "Save and continue editing" in a browser page and wait for the answer."""
    page.click("input[name=_continue]")
    page.wait_for_load_state()
