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


def ap_time(moment, minutes=False):
    """ "12:39 p.m.", "9 a.m.", "noon", "midnight"; with `minutes`, a clock time always shows
    them ("9:00 a.m."), as the scheduling line does so a time reads like a clock's."""
    if moment.minute == 0 and moment.hour in (0, 12):
        return "noon" if moment.hour == 12 else "midnight"
    hour = moment.hour % 12 or 12
    meridiem = "a.m." if moment.hour < 12 else "p.m."
    if moment.minute or minutes:
        return f"{hour}:{moment.minute:02d} {meridiem}"
    return f"{hour} {meridiem}"


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


AP_WEEKDAYS = ["Mon.", "Tue.", "Wed.", "Thu.", "Fri.", "Sat.", "Sun."]
# How the desk names the newsroom's time zone next to every time it types.
ZONE_NAMES = {
    "America/New_York": "Eastern Time",
    "America/Detroit": "Eastern Time",
    "America/Chicago": "Central Time",
    "America/Denver": "Mountain Time",
    "America/Phoenix": "Mountain Time (Arizona)",
    "America/Los_Angeles": "Pacific Time",
    "America/Anchorage": "Alaska Time",
    "Pacific/Honolulu": "Hawaii Time",
    "Europe/London": "UK time",
    "UTC": "UTC",
}


def zone_name():
    """The newsroom's time zone as people say it: "Eastern Time" (else "Paris time")."""
    key = timezone.get_current_timezone_name()
    return ZONE_NAMES.get(key) or f"{key.rsplit('/', 1)[-1].replace('_', ' ')} time"


def span(seconds):
    """ "2 hours 10 minutes", "3 days 4 hours", "45 minutes", "less than a minute"."""
    minutes = int(seconds // 60)
    if minutes < 1:
        return "less than a minute"
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = [(days, "day"), (hours, "hour"), (minutes, "minute")]
    named = [f"{n} {word}{'' if n == 1 else 's'}" for n, word in parts if n]
    return " ".join(named[:2])


def goes_live(value, now=None):
    """When readers get a scheduled item: "Goes live Wed., Dec. 26, 9:00 a.m. EST — in 2 hours
    10 minutes" (a time past: "Went live ... — 5 minutes ago"). The clock time always has its
    minutes here (the issue's wording); elsewhere times stay AP style ("9 a.m.")."""
    now = now or timezone.now()
    local = timezone.localtime(value)
    when = (
        f"{AP_WEEKDAYS[local.weekday()]}, {AP_MONTHS[local.month - 1]} {local.day}"
        f"{'' if local.year == timezone.localtime(now).year else f', {local.year}'}, "
        f"{ap_time(local, minutes=True)} {local.tzname()}"
    )
    seconds = (value - now).total_seconds()
    if seconds >= 0:
        return f"Goes live {when} — in {span(seconds)}"
    return f"Went live {when} — {span(-seconds)} ago"
