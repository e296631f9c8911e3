"""How the referral pages word times: "5pm tomorrow (Friday 13 March)", "3 Mar 2026, 2:15pm"."""

import datetime as dt

from django import template
from django.utils import dateformat, timezone

register = template.Library()


def clock(moment: dt.datetime) -> str:
    """The time of day the GOV.UK way: 9am, 2:15pm, midday, midnight."""
    local = timezone.localtime(moment)
    if local.minute == 0 and local.hour in (0, 12):
        return "midnight" if local.hour == 0 else "midday"
    minutes = f":{local.minute:02d}" if local.minute else ""
    return f"{local.hour % 12 or 12}{minutes}{'am' if local.hour < 12 else 'pm'}"


@register.filter
def due_words(moment: dt.datetime | None) -> str:
    """When something is due, in plain words: "5pm today", "5pm tomorrow (Friday 13 March)",
    "5pm on Monday 16 March"."""
    if moment is None:
        return ""
    local, today = timezone.localtime(moment), timezone.localdate()
    if local.date() == today:
        day = "today"
    elif local.date() == today + dt.timedelta(days=1):
        day = f"tomorrow ({dateformat.format(local, 'l j F')})"
    else:
        day = "on " + dateformat.format(local, "l j F" if local.year == today.year else "l j F Y")
    return f"{clock(local)} {day}"


@register.filter
def short_when(moment: dt.datetime | None) -> str:
    """A moment in a table or a history line: "3 Mar 2026, 2:15pm"."""
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    return f"{dateformat.format(local, 'j M Y')}, {clock(local)}"


@register.filter
def thousands(number) -> str:
    """10000 as "10,000"."""
    return f"{number:,}"


@register.filter
def day_and_time(moment: dt.datetime | None) -> str:
    """A moment in a table: "Today, 2pm", "Tomorrow, 5pm", "Yesterday, 9am", else "30 Nov, 5pm"."""
    if moment is None:
        return ""
    local, today = timezone.localtime(moment), timezone.localdate()
    days = {today: "Today", today + dt.timedelta(days=1): "Tomorrow", today - dt.timedelta(days=1): "Yesterday"}
    day = days.get(local.date()) or dateformat.format(local, "j M" if local.year == today.year else "j M Y")
    return f"{day}, {clock(local)}"
