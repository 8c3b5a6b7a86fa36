"""How Newsroom prints people and times, on the desk and on the reader site alike:
"Jane Doe", "Dec. 26, 2012", "Dec. 26, 2012, 12:39 p.m. EST" (AP style, in the newsroom's
time zone). The one home of these rules; template filters and feeds call them.
"""

from django.utils import timezone

AP_MONTHS = [
    "Jan.",
    "Feb.",
    "March",
    "April",
    "May",
    "June",
    "July",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
]


def person(user):
    if user is None:
        return "someone (a script or a deleted user)"
    return user.get_full_name() or user.get_username()


def ap_date(day):
    """ "Dec. 26, 2012": a date, or a moment (read in the newsroom's time zone)."""
    if hasattr(day, "hour"):
        day = timezone.localtime(day)
    return f"{AP_MONTHS[day.month - 1]} {day.day}, {day.year}"


def ap_time(moment):
    """ "12:39 p.m.", "9 a.m.", "noon", "midnight"."""
    if moment.minute == 0 and moment.hour in (0, 12):
        return "noon" if moment.hour == 12 else "midnight"
    hour = moment.hour % 12 or 12
    meridiem = "a.m." if moment.hour < 12 else "p.m."
    return f"{hour}:{moment.minute:02d} {meridiem}" if moment.minute else f"{hour} {meridiem}"


def moment(value):
    """A moment in the newsroom's time zone, AP style: "Dec. 26, 2012, 12:39 p.m. EST"."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{ap_date(local)}, {ap_time(local)} {local.tzname()}"


def iso(value):
    """ISO 8601 with the newsroom's offset, to the second, for machines: a moment as
    2012-12-26T12:39:00-05:00, a date as 2012-12-26."""
    if not value:
        return ""
    if hasattr(value, "hour"):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()
