"""The period and team a dashboard covers, as plain values the figures, links and API share.

A period is a range of whole days in England (Europe/London), both ends included: "last 30 days" is today and the
29 days before it. ``start_at`` and ``end_at`` are the moments that bound it (midnight at the start of the first day,
midnight after the last), so a referral submitted at 23:30 on the last day is in the period whatever the clocks do.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from consensus.working_days import LONDON

LAST_30_DAYS = "30d"
LAST_90_DAYS = "90d"
LAST_12_MONTHS = "12m"
BETWEEN_DATES = "custom"
PERIOD_CHOICES = [
    (LAST_30_DAYS, "Last 30 days"),
    (LAST_90_DAYS, "Last 90 days"),
    (LAST_12_MONTHS, "Last 12 months"),
    (BETWEEN_DATES, "Between dates"),
]
DEFAULT_PERIOD = LAST_90_DAYS
# The monthly trends show at least this many months, ending with the period's last month, and at most the longest.
TREND_MONTHS = 12
TREND_MONTHS_MAX = 36


def midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=LONDON)


def day_label(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class Period:
    key: str
    start: date  # the first day
    end: date  # the last day, included

    @property
    def start_at(self) -> datetime:
        return midnight(self.start)

    @property
    def end_at(self) -> datetime:
        return midnight(self.end + timedelta(days=1))

    @property
    def label(self) -> str:
        return f"{day_label(self.start)} to {day_label(self.end)}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def trend_months(self) -> list[date]:
        """The first day of each month the trends show: the period's months, at least ``TREND_MONTHS`` of them
        (ending with the period's last month) and at most ``TREND_MONTHS_MAX`` (the latest)."""
        last = self.end.replace(day=1)
        first = self.start.replace(day=1)
        count = (last.year - first.year) * 12 + last.month - first.month + 1
        count = min(max(count, TREND_MONTHS), TREND_MONTHS_MAX)
        return [last - relativedelta(months=back) for back in range(count - 1, -1, -1)]


def period_for(key: str, *, today: date, start: date | None = None, end: date | None = None) -> Period:
    """The period ``key`` names, ending today; ``BETWEEN_DATES`` takes ``start`` and ``end`` as given (the form
    and the API check them first)."""
    if key == BETWEEN_DATES:
        if start is None or end is None or start > end:
            raise ValueError("Between dates needs a start that is not after its end")
        return Period(key, start, end)
    if key == LAST_30_DAYS:
        return Period(key, today - timedelta(days=29), today)
    if key == LAST_90_DAYS:
        return Period(key, today - timedelta(days=89), today)
    if key == LAST_12_MONTHS:
        return Period(key, today - relativedelta(months=12) + timedelta(days=1), today)
    raise ValueError(f"Unknown period {key!r}")


@dataclass(frozen=True)
class ReportFilters:
    """What a dashboard covers: a period, one team (its id and name) or every team, and the moment ``at`` which
    "waiting", "overdue" and "due" are measured (the same for every figure of one page)."""

    period: Period
    at: datetime
    team_id: int | None = None
    team_name: str = ""

    @property
    def today(self) -> date:
        return timezone.localtime(self.at, LONDON).date()


def report_filters(*, key: str = DEFAULT_PERIOD, start: date | None = None, end: date | None = None,
                   team=None, at: datetime | None = None) -> ReportFilters:
    """Filters for the period ``key`` (``start`` and ``end`` for ``BETWEEN_DATES``) and ``team`` (or None)."""
    at = at or timezone.now()
    today = timezone.localtime(at, LONDON).date()
    return ReportFilters(period=period_for(key, today=today, start=start, end=end), at=at,
                         team_id=team.pk if team is not None else None, team_name=team.name if team else "")
