"""Times the whole site can read back. PostgreSQL keeps a `timestamptz` far beyond Python's
years 1 to 9999: "Dec. 31, 9999, 11:59 p.m." in New York is a UTC time in year 10000, which
PostgreSQL stores and Python cannot read, so every page reading that row would fail.

`check_moments` refuses such a time on every save of a versioned item (forms show it at the
field); `read_impossible_times_safely` makes a row stored anyway (by raw SQL, or before this
check) readable, so one row can never take down pages that list others.
"""

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

logger = logging.getLogger(__name__)

# The readable range, a day inside Python's on each side so that every time zone can show it.
FIRST = datetime.datetime(1, 1, 2, tzinfo=datetime.UTC)
LAST = datetime.datetime(9999, 12, 31, tzinfo=datetime.UTC)


def moment_problem(value):
    """Why `value` cannot be kept (a sentence), or None when it can."""
    if not isinstance(value, datetime.datetime):
        return None
    try:
        utc = value.astimezone(datetime.UTC) if timezone.is_aware(value) else None
        if utc is None:
            utc = timezone.make_aware(value).astimezone(datetime.UTC)
        timezone.localtime(utc)
        readable = FIRST <= utc <= LAST
    except (OverflowError, ValueError):
        readable = False
    if readable:
        return None
    return (
        f"{value:%Y-%m-%d %H:%M} is outside the dates the site can keep (years 1 to 9999, "
        "counted in UTC). Check the year."
    )


def check_moments(instance, exclude=()):
    """Refuse (ValidationError, by field) any date and time on `instance` outside the range."""
    errors = {}
    for field in instance._meta.concrete_fields:
        if isinstance(field, models.DateTimeField) and field.name not in exclude:
            problem = moment_problem(getattr(instance, field.attname))
            if problem:
                errors[field.name] = f"{field.verbose_name.capitalize()}: {problem}"
    if errors:
        raise ValidationError(errors)


def read_impossible_times_safely():
    """Read a stored `timestamptz` outside Python's years as the nearest readable moment
    (logged), instead of failing the whole query. psycopg2 only (Django's driver here)."""
    try:
        import psycopg2.extensions as extensions
    except ImportError:  # pragma: no cover - psycopg 3 or SQLite
        return
    read = extensions.PYDATETIMETZ

    def tolerant(value, cursor):
        try:
            return read(value, cursor)
        except (ValueError, OverflowError):
            logger.warning("An unreadable time %r was read as the nearest readable one", value)
            return FIRST if value.endswith("BC") or value.startswith("0000") else LAST

    extensions.register_type(extensions.new_type(read.values, "NEWSROOM_TIMESTAMPTZ", tolerant))
