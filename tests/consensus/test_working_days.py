"""Working days in England and Wales: weekends, bank holidays (from the package's data, and by rule past it),
the clock changes, and due times at the end of the working day in London."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from consensus import working_days as wd
from consensus.working_days import LONDON, add_working_days, is_working_day, working_days_between

UTC = dt.UTC


def london(*args):
    return dt.datetime(*args, tzinfo=LONDON)


def due(*args):
    return dt.datetime(*args, 17, 0, tzinfo=LONDON)


@pytest.mark.parametrize(("start", "days", "expected"), [
    (london(2026, 6, 10, 9, 0), 1, due(2026, 6, 11)),  # Wednesday -> Thursday
    (london(2026, 6, 12, 16, 59), 1, due(2026, 6, 15)),  # Friday -> Monday
    (london(2026, 6, 13, 11, 0), 1, due(2026, 6, 15)),  # Saturday -> Monday
    (london(2026, 6, 14, 23, 59), 1, due(2026, 6, 15)),  # late Sunday -> Monday
    (london(2026, 6, 10, 9, 0), 5, due(2026, 6, 17)),
    # Christmas 2026: Friday 25th, Boxing Day substitute Monday 28th.
    (london(2026, 12, 24, 10, 0), 1, due(2026, 12, 29)),
    # New Year 2027 falls on a Friday.
    (london(2026, 12, 31, 10, 0), 1, due(2027, 1, 4)),
    # Christmas 2027 is a weekend: substitute days Monday 27th and Tuesday 28th.
    (london(2027, 12, 24, 10, 0), 1, due(2027, 12, 29)),
    # Easter 2026: Good Friday 3 April, Easter Monday 6 April.
    (london(2026, 4, 2, 12, 0), 1, due(2026, 4, 7)),
    # Early May bank holiday 2026 (Monday 4th).
    (london(2026, 5, 1, 12, 0), 2, due(2026, 5, 6)),
    # 45 working days over Christmas and New Year: 20 in December (25th, 28th off), 25 from 4 January.
    (london(2026, 12, 1, 9, 0), 45, due(2027, 2, 5)),
])
def test_add_working_days(start, days, expected):
    assert add_working_days(start, days) == expected
    assert working_days_between(start, expected) == days


def test_spring_clock_change_with_easter_2027():
    # Good Friday 26 March 2027; the clocks go forward on Sunday 28th; Easter Monday 29th.
    result = add_working_days(london(2027, 3, 25, 15, 0), 1)
    assert result == due(2027, 3, 30)
    assert result.utcoffset() == dt.timedelta(hours=1)
    assert result.astimezone(UTC) == dt.datetime(2027, 3, 30, 16, 0, tzinfo=UTC)


def test_spring_clock_change_2026():
    start = dt.datetime(2026, 3, 27, 10, 0, tzinfo=UTC)  # Friday, still GMT
    result = add_working_days(start, 1)
    assert result.astimezone(UTC) == dt.datetime(2026, 3, 30, 16, 0, tzinfo=UTC)  # 17:00 BST


def test_autumn_clock_change_2026():
    start = dt.datetime(2026, 10, 23, 9, 0, tzinfo=UTC)  # Friday, BST (10:00 in London)
    result = add_working_days(start, 1)
    assert result.utcoffset() == dt.timedelta(0)
    assert result.astimezone(UTC) == dt.datetime(2026, 10, 26, 17, 0, tzinfo=UTC)  # 17:00 GMT


def test_the_day_is_taken_in_london_not_utc():
    # 23:30 UTC on Tuesday 30 June is already Wednesday 1 July in London (BST).
    assert add_working_days(dt.datetime(2026, 6, 30, 23, 30, tzinfo=UTC), 1) == due(2026, 7, 2)
    other_zone = dt.datetime(2026, 6, 30, 20, 0, tzinfo=ZoneInfo("America/New_York"))  # 01:00 Wed in London
    assert add_working_days(other_zone, 1) == due(2026, 7, 2)


def test_past_the_package_data_the_statutory_rules_apply():
    _, _, last_year = wd._published()
    assert last_year == 2028
    # Easter 2029: Good Friday 30 March, Easter Monday 2 April.
    assert add_working_days(london(2029, 3, 29, 10, 0), 1) == due(2029, 4, 3)
    # Christmas 2032 is a Saturday: substitute Monday 27th and Tuesday 28th; New Year 2033 is a Saturday too.
    assert add_working_days(london(2032, 12, 24, 10, 0), 1) == due(2032, 12, 29)
    assert not is_working_day(dt.date(2033, 1, 3))
    assert wd.easter_sunday(2030) == dt.date(2030, 4, 21)
    assert wd.statutory_bank_holidays(2029) == {
        dt.date(2029, 1, 1), dt.date(2029, 3, 30), dt.date(2029, 4, 2), dt.date(2029, 5, 7), dt.date(2029, 5, 28),
        dt.date(2029, 8, 27), dt.date(2029, 12, 25), dt.date(2029, 12, 26)}


# One-off holidays (jubilees, a state funeral, a coronation, VE day moved) are in the data but not in the rules.
ONE_OFF_YEARS = {2012, 2020, 2022, 2023}


def test_the_rules_match_the_published_dates_in_ordinary_years():
    published, first_year, last_year = wd._published()
    for year in range(first_year, last_year + 1):
        in_data = {day for day in published if day.year == year}
        if year not in ONE_OFF_YEARS:
            assert wd.statutory_bank_holidays(year) == in_data, year
    assert dt.date(2023, 5, 8) in published and dt.date(2023, 5, 8) not in wd.statutory_bank_holidays(2023)


def test_working_days_between_counts_backwards_as_negative():
    assert working_days_between(london(2026, 6, 15, 9, 0), london(2026, 6, 12, 9, 0)) == -1
    assert working_days_between(london(2026, 6, 12, 9, 0), london(2026, 6, 12, 18, 0)) == 0


def test_naive_datetimes_and_zero_days_are_refused():
    with pytest.raises(ValueError, match="aware"):
        add_working_days(dt.datetime(2026, 6, 10, 9, 0), 1)  # noqa: DTZ001
    with pytest.raises(ValueError, match="at least one"):
        add_working_days(london(2026, 6, 10, 9, 0), 0)


@given(start=st.datetimes(min_value=dt.datetime(2012, 1, 1), max_value=dt.datetime(2040, 12, 31),
                          timezones=st.just(UTC)),
       days=st.integers(min_value=1, max_value=260))
def test_due_is_always_a_working_day_and_the_count_round_trips(start, days):
    result = add_working_days(start, days)
    assert is_working_day(result.date()) and result.time() == wd.END_OF_WORKING_DAY
    assert working_days_between(start, result) == days
