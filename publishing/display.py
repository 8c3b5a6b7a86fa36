"""How the desk's messages name people and times ("Jane Doe", "Dec. 26, 2012, 12:39 p.m. EST")."""

from django.utils import dateformat, timezone


def person(user):
    if user is None:
        return "someone (a script or a deleted user)"
    return user.get_full_name() or user.get_username()


def moment(value):
    """A time in the newsroom's time zone, AP style."""
    if value is None:
        return ""
    return dateformat.format(timezone.localtime(value), "N j, Y, P T")
