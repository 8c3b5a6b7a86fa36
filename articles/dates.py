"""AP-style dates and times: "Dec. 26, 2012, 12:39 p.m. EST"."""

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


def ap_date(day):
    return f"{AP_MONTHS[day.month - 1]} {day.day}, {day.year}"


def ap_time(moment):
    hour = moment.hour % 12 or 12
    if moment.hour == 12 and moment.minute == 0:
        return "noon"
    if moment.hour == 0 and moment.minute == 0:
        return "midnight"
    meridiem = "a.m." if moment.hour < 12 else "p.m."
    return f"{hour}:{moment.minute:02d} {meridiem}" if moment.minute else f"{hour} {meridiem}"


def ap_datetime(moment):
    """A moment in the newsroom's time zone, as a reader sees it."""
    local = timezone.localtime(moment)
    return f"{ap_date(local)}, {ap_time(local)} {local.tzname()}"
