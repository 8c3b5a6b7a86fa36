"""Signing in to the desk: failed sign-ins are throttled per account and per address
(django-axes), and Editors and superusers sign in with a second factor when it is required
(django-otp: an authenticator app and recovery codes)."""

import datetime

import pytest
import time_machine
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import make_user
from tests.staff import client_for

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "correct-horse-battery"  # tests.factories.make_user's


@pytest.fixture
def throttled(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5


def sign_in(client, username, password=PASSWORD, code="", address="127.0.0.1"):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "otp_token": code, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def signed_in(response):
    return response.status_code == 302 and response["Location"] == "/admin/"


# Item 4: throttling -----------------------------------------------------------------------


def test_twenty_five_wrong_passwords_lock_the_account_and_the_right_one_is_refused(
    throttled, editor
):
    client = Client()
    answers = [sign_in(client, "ed", f"guess-{n}").status_code for n in range(25)]
    assert answers[:4] == [200] * 4  # the login page again, with its error
    assert set(answers[5:]) == {429}

    response = sign_in(client, "ed")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed sign-ins for this account or from this address" in page
    assert "ask an administrator to unlock it" in page
    assert "_auth_user_id" not in client.session


def test_the_account_stays_locked_from_another_address(throttled, editor):
    for n in range(5):
        sign_in(Client(), "ed", f"guess-{n}", address="198.51.100.7")
    assert sign_in(Client(), "ed", address="203.0.113.20").status_code == 429
    # Another account from a fresh address is not affected.
    make_user("someone", group="Reporters")
    assert signed_in(sign_in(Client(), "someone", address="203.0.113.21"))


def test_one_address_trying_many_accounts_is_locked(throttled, editor):
    for n in range(5):
        sign_in(Client(), f"nobody-{n}", "guess", address="198.51.100.8")
    assert sign_in(Client(), "ed", address="198.51.100.8").status_code == 429
    assert signed_in(sign_in(Client(), "ed", address="198.51.100.9"))


def test_a_superuser_unlocks_an_account_in_the_admin(throttled, editor, admin_user):
    for n in range(5):
        sign_in(Client(), "ed", f"guess-{n}")
    assert sign_in(Client(), "ed").status_code == 429
    administrator = client_for(admin_user)
    listing = administrator.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200 and "ed" in listing.content.decode()
    assert client_for(editor).get("/admin/axes/accessattempt/").status_code == 403
    attempts = list(AccessAttempt.objects.values_list("pk", flat=True))
    administrator.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": attempts, "post": "yes"},
    )
    assert not AccessAttempt.objects.exists()
    assert signed_in(sign_in(Client(), "ed"))


def test_axes_reset_unlocks_everyone(throttled, editor):
    for n in range(5):
        sign_in(Client(), "ed", f"guess-{n}")
    assert sign_in(Client(), "ed").status_code == 429
    call_command("axes_reset")
    assert signed_in(sign_in(Client(), "ed"))


# Item 4: two-factor sign-in ---------------------------------------------------------------


@pytest.fixture
def required(settings):
    settings.NEWSROOM_REQUIRE_2FA = True


def app_code(device, at=None):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if at is not None:
        totp.time = at
    return f"{totp.token():0{device.digits}d}"


def set_up_two_factor(client):
    """Follow the set-up page as an editor would; returns the device and recovery codes."""
    page = client.get("/admin/two-factor/")
    assert page.status_code == 200
    assert "data:image/svg+xml;base64," in page.content.decode()
    device = TOTPDevice.objects.get(user__username=page.context["user"].username)
    assert not device.confirmed
    response = client.post(
        "/admin/two-factor/", {"action": "confirm", "code": app_code(device), "next": "/admin/"}
    )
    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10 and all(code in response.content.decode() for code in codes)
    device.refresh_from_db()
    assert device.confirmed
    return device, codes


def test_an_editor_must_set_up_a_second_factor_before_opening_the_desk(required, editor):
    client = Client()
    assert signed_in(sign_in(client, "ed"))
    response = client.get("/admin/articles/article/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/two-factor/?next=")

    start = datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        client.get("/admin/two-factor/")
        device = TOTPDevice.objects.get(user=editor)
        wrong = "000000" if app_code(device) != "000000" else "111111"
        response = client.post("/admin/two-factor/", {"action": "confirm", "code": wrong})
        assert "That code is wrong" in response.content.decode()
    # A wrong code makes the app wait a moment (django-otp's throttling) before the next.
    with time_machine.travel(start + datetime.timedelta(seconds=40), tick=False):
        set_up_two_factor(client)
        assert client.get("/admin/articles/article/").status_code == 200


def test_with_a_second_factor_the_password_alone_does_not_sign_in(required, editor):
    with time_machine.travel(datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC), tick=False):
        client = Client()
        sign_in(client, "ed")
        device, codes = set_up_two_factor(client)

    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC), tick=False):
        no_code = sign_in(Client(), "ed")
        assert no_code.status_code == 200
        assert "Enter the code from your authenticator app" in no_code.content.decode()
        wrong = sign_in(Client(), "ed", code="123456" if app_code(device) != "123456" else "654321")
        assert "That code is wrong or has expired" in wrong.content.decode()

    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 1, tzinfo=datetime.UTC), tick=False):
        client = Client()
        assert signed_in(sign_in(client, "ed", code=app_code(device)))
        assert client.get("/admin/articles/article/").status_code == 200

    # A recovery code signs in once.
    client = Client()
    assert signed_in(sign_in(client, "ed", code=codes[0]))
    assert client.get("/admin/articles/article/").status_code == 200
    assert not signed_in(sign_in(Client(), "ed", code=codes[0]))
    assert StaticToken.objects.filter(device__user=editor).count() == 9


def test_wrong_codes_count_as_failed_sign_ins(required, throttled, editor):
    TOTPDevice.objects.create(user=editor, name="app", confirmed=True)
    for _ in range(5):
        sign_in(Client(), "ed", code="000000")
    assert sign_in(Client(), "ed", code="000000").status_code == 429


def test_a_reporter_is_not_made_to_set_up_a_second_factor(required, reporter):
    client = Client()
    assert signed_in(sign_in(client, "rita"))
    assert client.get("/admin/articles/article/").status_code == 200


def test_a_superuser_must_set_up_a_second_factor(required, admin_user):
    client = client_for(admin_user)
    assert client.get("/admin/").status_code == 302


def test_new_recovery_codes_replace_the_old_ones(required, editor):
    client = Client()
    sign_in(client, "ed")
    _device, old = set_up_two_factor(client)
    response = client.post("/admin/two-factor/", {"action": "new_codes"})
    new = response.context["codes"]
    assert set(new).isdisjoint(old)
    assert set(StaticToken.objects.filter(device__user=editor).values_list("token", flat=True)) == (
        set(new)
    )


def test_reset_second_factor_command_removes_it(required, editor):
    client = Client()
    sign_in(client, "ed")
    set_up_two_factor(client)
    call_command("reset_second_factor", "ed")
    assert not TOTPDevice.objects.filter(user=editor).exists()
    client = Client()
    assert signed_in(sign_in(client, "ed"))  # no code asked for; the set-up comes next
    assert client.get("/admin/").status_code == 302


def test_optional_when_not_required(settings, editor):
    settings.NEWSROOM_REQUIRE_2FA = False
    client = Client()
    assert signed_in(sign_in(client, "ed"))
    assert client.get("/admin/articles/article/").status_code == 200
    assert client.get("/admin/two-factor/").status_code == 200  # anyone may turn it on


def test_a_session_without_its_second_factor_previews_nothing(required, editor):
    from publishing.models import Status
    from tests.factories import make_article

    draft = make_article("Not yet", status=Status.DRAFT)
    client = Client()
    assert signed_in(sign_in(client, "ed"))
    assert client.get(draft.get_absolute_url()).status_code == 404
    set_up_two_factor(client)
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_the_desk_links_to_two_factor_sign_in(reporter):
    page = client_for(reporter).get("/admin/").content.decode()
    assert 'href="/admin/two-factor/">Two-factor sign-in</a>' in page
