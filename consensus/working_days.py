"""Working days in England and Wales: every timescale in the agreement is counted with these.

A working day is Monday to Friday, not a bank holiday in England and Wales. Bank holidays come from the
govuk-bank-holidays package's offline copy of GOV.UK's list (no network at run time). For years past the end of
that list (it ends in 2028 in version 0.19), and before its start, the dates follow the rules that have fixed the
regular England and Wales bank holidays since 1971 (computed below). One-off holidays (a coronation, a jubilee, a
state funeral) cannot be foreseen by rules: they count from the release of the package that lists them, so keep
the package up to date.

Due times are the end of a working day in Europe/London (17:00, the close of business), whatever the clocks do.
"""

from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from govuk_bank_holidays.bank_holidays import BankHolidays

LONDON = ZoneInfo("Europe/London")
END_OF_WORKING_DAY = time(17, 0)
_ONE_DAY = timedelta(days=1)


@cache
def _published() -> tuple[frozenset[date], int, int]:
    holidays = BankHolidays(use_cached_holidays=True).get_holidays(division=BankHolidays.ENGLAND_AND_WALES)
    dates = frozenset(holiday["date"] for holiday in holidays)
    return dates, min(dates).year, max(dates).year


def easter_sunday(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian algorithm of Meeus, Jones and Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _first_monday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(7 - first.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
    last = date(year + month // 12, month % 12 + 1, 1) - _ONE_DAY
    return last - timedelta(days=last.weekday())


def _substitute(day: date, taken: set[date]) -> date:
    """A holiday that falls on a weekend (or on a day already taken) moves to the next free weekday."""
    while day.weekday() >= 5 or day in taken:
        day += _ONE_DAY
    return day


@cache
def statutory_bank_holidays(year: int) -> frozenset[date]:
    """The regular England and Wales bank holidays of ``year``, by rule."""
    easter = easter_sunday(year)
    holidays = {
        _substitute(date(year, 1, 1), set()),
        easter - timedelta(days=2),
        easter + _ONE_DAY,
        _first_monday(year, 5),
        _last_monday(year, 5),
        _last_monday(year, 8),
    }
    christmas = _substitute(date(year, 12, 25), set())
    boxing_day = _substitute(date(year, 12, 26), {christmas})
    return frozenset(holidays | {christmas, boxing_day})


def is_bank_holiday(day: date) -> bool:
    published, first_year, last_year = _published()
    if first_year <= day.year <= last_year:
        return day in published
    return day in statutory_bank_holidays(day.year)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and not is_bank_holiday(day)


def _local_date(moment: datetime) -> date:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("Give an aware datetime: working days are counted in Europe/London")
    return moment.astimezone(LONDON).date()


def add_working_days(start: datetime, days: int) -> datetime:
    """When something started at ``start`` is due ``days`` working days later: the end of the working day that is
    the ``days``-th working day after the day (in London) of ``start``.

    ``days`` must be at least 1, so a referral made on a Friday evening with a one-day timescale is due at the end
    of Monday (or Tuesday, when Monday is a bank holiday).
    """
    if days < 1:
        raise ValueError("A timescale is at least one working day")
    day = _local_date(start)
    remaining = days
    while remaining:
        day += _ONE_DAY
        if is_working_day(day):
            remaining -= 1
    return datetime.combine(day, END_OF_WORKING_DAY, tzinfo=LONDON)


def working_days_between(start: datetime, end: datetime) -> int:
    """The working days after the day of ``start`` up to and including the day of ``end`` (both in London);
    negative when ``end`` is earlier. ``working_days_between(s, add_working_days(s, n)) == n``."""
    first, last = _local_date(start), _local_date(end)
    if last < first:
        return -working_days_between(end, start)
    count, day = 0, first
    while day < last:
        day += _ONE_DAY
        count += is_working_day(day)
    return count
