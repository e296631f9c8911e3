"""reports.figures against the raw rows of a generated authority, worked out independently (independent.py), for
each period and for one team; and what is never counted: another authority's records, restricted cases, drafts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from cases.models import Case
from core.exceptions import PermissionDenied
from core.tenancy import authority_scope
from reports.figures import dashboard_figures, quantile
from reports.periods import BETWEEN_DATES, LAST_12_MONTHS, LAST_30_DAYS, LAST_90_DAYS, report_filters
from tests.referrals.conftest import draft
from tests.reports.conftest import LARGER, SMALL, generated
from tests.reports.independent import Raw, compare, expected

pytestmark = pytest.mark.django_db


def figures_for(membership, **filters):
    with authority_scope(membership.authority_id):
        return dashboard_figures(membership, report_filters(**filters))


@pytest.mark.parametrize("key", [LAST_30_DAYS, LAST_90_DAYS, LAST_12_MONTHS])
def test_every_figure_matches_the_raw_rows_for_each_period(gen, key):
    figures = figures_for(gen.lead, key=key, at=gen.now)
    start, end = (dt.date.fromisoformat(figures["period"][side]) for side in ("start", "end"))
    assert figures["referrals"]["received"] > 0
    compare(expected(Raw(gen.authority), start=start, end=end, at=gen.now), figures)


def test_custom_dates_and_one_team(gen):
    start, end = (gen.now - dt.timedelta(days=400)).date(), (gen.now - dt.timedelta(days=20)).date()
    team = gen.teams["adults"]
    figures = figures_for(gen.manager, key=BETWEEN_DATES, start=start, end=end, team=team, at=gen.now)
    assert figures["period"] == {"key": "custom", "start": start.isoformat(), "end": end.isoformat(),
                                 "label": figures["period"]["label"]}
    assert figures["team"] == {"id": team.pk, "name": team.name}
    raw = expected(Raw(gen.authority), start=start, end=end, at=gen.now, team_id=team.pk)
    compare(raw, figures)
    figures["interventions"]["by_type"][0]["achieved"] += 1  # the comparison does notice a wrong number
    with pytest.raises(AssertionError, match="achieved"):
        compare(raw, figures)


def test_periods_cover_whole_days_in_england():
    at = dt.datetime(2026, 3, 29, 0, 30, tzinfo=dt.UTC)  # 00:30 GMT; the clocks go forward at 01:00
    period = report_filters(key=LAST_30_DAYS, at=at).period
    assert (period.start, period.end) == (dt.date(2026, 2, 28), dt.date(2026, 3, 29))
    assert period.start_at.isoformat() == "2026-02-28T00:00:00+00:00"
    assert period.end_at.isoformat() == "2026-03-30T00:00:00+01:00"
    year = report_filters(key=LAST_12_MONTHS, at=at).period
    assert (year.start, year.end, year.days) == (dt.date(2025, 3, 30), dt.date(2026, 3, 29), 365)
    months = year.trend_months()  # every month the period touches: 30 March 2025 is in March
    assert (len(months), months[0], months[-1]) == (13, dt.date(2025, 3, 1), dt.date(2026, 3, 1))
    assert len(report_filters(key=LAST_30_DAYS, at=at).period.trend_months()) == 12  # at least a year
    assert len(report_filters(key=BETWEEN_DATES, start=dt.date(2020, 1, 5), end=dt.date(2026, 3, 1),
                              at=at).period.trend_months()) == 36  # at most three years of months


def test_quantiles_interpolate_between_ranks_like_percentile_cont():
    from collections import Counter

    assert quantile(Counter(), 0.5) is None
    assert quantile(Counter({3: 1}), 0.9) == 3
    assert quantile(Counter({0: 1, 1: 1}), 0.5) == 0.5
    assert quantile(Counter({0: 3, 1: 4, 2: 2, 9: 1}), 0.9) == 2.7  # ranks 8 and 9 of 10: 2 and 9


def test_another_authoritys_records_are_never_counted(gen):
    ours = figures_for(gen.lead, key=LAST_12_MONTHS, at=gen.now)
    with scopes_disabled():
        from accounts.models import Membership

        theirs = Membership.objects.get(user__username="oth2.manager")
    other = figures_for(theirs, key=LAST_12_MONTHS, at=gen.now)
    assert ours["referrals"]["received"] > other["referrals"]["received"] > 0
    assert ours["cases"]["open"] != other["cases"]["open"]
    start, end = (dt.date.fromisoformat(ours["period"][side]) for side in ("start", "end"))
    compare(expected(Raw(theirs.authority), start=start, end=end, at=gen.now), other)


def test_drafts_and_restricted_cases_are_left_out_and_roles_without_the_dashboard_are_refused(gen):
    before = figures_for(gen.lead, key=LAST_30_DAYS, at=gen.now)
    with scopes_disabled():
        case = Case.objects.filter(authority=gen.authority).exclude(status="closed").first()
        Case.objects.filter(pk=case.pk).update(restricted=True)
    draft(gen.practitioner)
    after = figures_for(gen.lead, key=LAST_30_DAYS, at=gen.now)
    assert after["cases"]["open"] == before["cases"]["open"] - 1
    assert after["referrals"] == before["referrals"]
    for membership in (gen.practitioner, gen.admin, gen.dpo):
        with pytest.raises(PermissionDenied):
            figures_for(membership, key=LAST_30_DAYS)


def test_the_number_of_queries_does_not_grow_with_the_data(db):
    small = generated("QSM", SMALL)
    larger = generated("QLG", LARGER, seed=3)
    counts = []
    for data in (small, larger):
        with authority_scope(data.authority.pk), CaptureQueriesContext(connection) as queries:
            dashboard_figures(data.lead, report_filters(key=LAST_12_MONTHS))
        counts.append(len(queries))
    # Referral counts, decision times, pathways, sector/gender/age, concern types, monthly trends, open cases,
    # reviews, the agreement's lapse weeks and interventions: ten, however many records there are.
    assert counts[0] == counts[1] == 10
