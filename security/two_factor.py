"""Two-factor sign-in for the desk (django-otp): an authenticator app (TOTP) and single-use
recovery codes. Who must use it is `required_for`; everyone who has set it up uses it."""

from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user, verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10
APP_NAME = "Authenticator app"
CODES_NAME = "Recovery codes"


def is_editor(user):
    """Superusers, and everyone who may publish something (the Editors' right)."""
    if user.is_superuser:
        return True
    return any(perm.split(".", 1)[-1].startswith("publish_") for perm in user.get_all_permissions())


def required_for(user):
    """Whether `user` must sign in with a second factor: Editors and superusers, when
    NEWSROOM_REQUIRE_2FA is on (production's default)."""
    return (
        bool(getattr(settings, "NEWSROOM_REQUIRE_2FA", False))
        and user.is_authenticated
        and user.is_active
        and is_editor(user)
    )


def has_second_factor(user):
    return user.is_authenticated and any(devices_for_user(user, confirmed=True))


def verify(user, code):
    """The device that accepts `code` (a code from the app, or an unused recovery code), or
    None. Each device's own throttling applies; a recovery code works once."""
    code = "".join((code or "").split()).lower()
    if not code:
        return None
    for device in devices_for_user(user, confirmed=True):
        found = verify_token(user, device.persistent_id, code)
        if found is not None:
            return found
    return None


def pending_app(user):
    """The authenticator app being set up for `user` (made now, with a fresh secret, if none)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=False)


@transaction.atomic
def confirm_app(device, code):
    """Finish setting up: the first code from the app proves it holds the secret. Returns the
    new recovery codes (shown once), or None when the code is wrong."""
    if not device.verify_token("".join((code or "").split())):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    return new_recovery_codes(device.user)


@transaction.atomic
def new_recovery_codes(user):
    """A fresh set of single-use recovery codes, replacing any earlier set."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=CODES_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def reset(user):
    """Remove every second factor of `user` (a lost phone): they set it up again at their
    next sign-in. Returns how many devices were removed."""
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        removed += model.objects.filter(user=user).delete()[1].get(model._meta.label, 0)
    return removed
