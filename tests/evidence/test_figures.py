"""The figures (evidence/figures.py) against counts worked out independently in plain Python over the raw rows; the
pooled figures as disclosure control of those counts over the sharing authorities only; and a fixed number of
queries however many rows there are."""

import datetime as dt
import random
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scopes_disabled

from cases.models import Challenge, Intervention, InterventionOutcome, InterventionType, LegalAction
from consensus.models import HomeOfficeCategory
from evidence import figures
from evidence.disclosure import protect_tables
from evidence.models import CommunityEngagement
from evidence.services import opted_in_authority_ids
from referrals.models import Referral
from tests.evidence.conftest import TODAY, admin_of, share

pytestmark = pytest.mark.django_db
KINDS, OUTCOMES = InterventionType.values, InterventionOutcome.values
CONCERN_CODES = ("islamist", "extreme_right_wing", "left_wing", "mass_violence", "vulnerability_only")


def years_between(born: dt.date, on: dt.date) -> int:
    before_birthday = (on.month, on.day) < (born.month, born.day)
    return on.year - born.year - before_birthday


def band_of(age):
    if age is None:
        return "not_known"
    return "under_15" if age <= 14 else "15_17" if age <= 17 else "18_24" if age <= 24 else "25_plus"


def plain_rows(authority_ids):
    """(kind, concern, band, outcome, priority) for each ended intervention, worked out row by row."""
    found = []
    with scopes_disabled():
        for item in Intervention.objects.filter(authority_id__in=authority_ids).select_related(
                "case__subject", "case__referral", "authority"):
            if item.status != "ended":
                continue
            person = item.case.subject
            if person.date_of_birth:
                age = years_between(person.date_of_birth, item.start_on)
            elif person.estimated_age is not None:
                age = person.estimated_age + max(years_between(person.estimated_at, item.start_on), 0)
            else:
                age = None
            categories = {c.home_office_category for c in item.case.referral.concern_types.all()}
            concern = "not_recorded" if not categories else categories.pop() if len(categories) == 1 \
                else "more_than_one"
            found.append((item.kind, concern, band_of(age), item.outcome, item.authority.prevent_priority_area))
    return found


def as_dict(shown):
    return {(row.key, key): value for row in shown.rows for (key, _), value in zip(shown.columns, row.values,
                                                                                   strict=True)}


def fill(rows, rng, cases=30):
    """Cases with a mix of ages, concerns, interventions (some still running), court applications and challenges."""
    for _ in range(cases):
        age = rng.choice([None, "dob", "estimate"])
        born = TODAY - dt.timedelta(days=rng.randint(10 * 365, 40 * 365)) if age == "dob" else None
        case = rows.case(born=born, estimated_age=rng.randint(12, 30) if age == "estimate" else None,
                         concerns=rng.sample(CONCERN_CODES, rng.choice([0, 1, 1, 1, 2])))
        for _ in range(rng.randint(0, 3)):
            rows.intervention(case, kind=rng.choice(KINDS), outcome=rng.choice([*OUTCOMES, ""]),
                              start_on=TODAY - dt.timedelta(days=rng.randint(30, 900)))
        if rng.random() < 0.3:
            rows.legal(case, kind=rng.choice(["care_order", "supervision_order", "deprivation_of_liberty"]),
                       outcome=rng.choice(["granted", "refused", "pending"]))
        if rng.random() < 0.3:
            rows.challenge(case, source=rng.choice(["subject", "family", "community"]),
                           outcome=rng.choice(["open", "upheld", "not_upheld"]))


@pytest.mark.parametrize("age, band", [(None, "not_known"), (0, "under_15"), (14, "under_15"), (15, "15_17"),
                                       (17, "15_17"), (18, "18_24"), (24, "18_24"), (25, "25_plus"), (80, "25_plus")])
def test_age_bands_split_children_from_adults(age, band):
    assert figures.age_band(age) == band == band_of(age)


def test_the_authority_figures_are_the_plain_counts_of_its_own_rows(home_rows, away_rows, lead):
    rng = random.Random(7)
    fill(home_rows, rng)
    fill(away_rows, rng, cases=10)
    result = figures.authority_figures(lead.authority, TODAY)
    rows = plain_rows([lead.authority_id])
    assert result.ended_count == len(rows) > 20
    by_key = {table.key: table for table in result.outcomes}
    for key, position in (("outcomes_by_intervention", 0), ("outcomes_by_concern", 1), ("outcomes_by_age", 2)):
        expected = Counter((row[position], row[3]) for row in rows)
        got = {pair: n for pair, n in as_dict(by_key[key]).items() if n}
        assert got == dict(expected), key
    all_three = Counter((f"{kind}|{concern}|{band}", outcome) for kind, concern, band, outcome, _ in rows)
    assert {pair: n for pair, n in as_dict(by_key["outcomes_by_all_three"]).items() if n} == dict(all_three)
    assert by_key["outcomes_by_all_three"].totals.total == len(rows)


def test_court_applications_and_challenges_are_counted_by_type_and_outcome(home_rows, away_rows, lead):
    rng = random.Random(11)
    fill(home_rows, rng)
    fill(away_rows, rng, cases=8)
    result = figures.authority_figures(lead.authority, TODAY)
    with scopes_disabled():
        court = Counter(LegalAction.objects.filter(authority=lead.authority).values_list("kind", "outcome"))
        challenges = Counter(Challenge.objects.filter(authority=lead.authority).values_list("source", "outcome"))
    assert {pair: n for pair, n in as_dict(result.court).items() if n} == dict(court)
    assert {pair: n for pair, n in as_dict(result.challenges).items() if n} == dict(challenges)
    assert result.court.totals.total == sum(court.values())


def test_referrals_and_engagement_are_counted_by_month(home_rows, lead, admin_member):
    last_month = (TODAY.replace(day=1) - dt.timedelta(days=1)).replace(day=15)
    for day in (TODAY, TODAY, last_month):
        case = home_rows.case()
        with scopes_disabled():
            Referral.objects.filter(pk=case.referral_id).update(
                submitted_at=timezone.make_aware(dt.datetime.combine(day, dt.time(12))))
    with scopes_disabled():
        for held_on, people in ((TODAY, 12), (last_month, 30), (last_month, 5), (TODAY - dt.timedelta(days=800), 9)):
            CommunityEngagement.objects.create(authority=lead.authority, held_on=held_on, audience="faith",
                                               topic="Raising a concern", attendance=people,
                                               recorded_by=admin_member.user)
    trend = figures.authority_figures(lead.authority, TODAY).trend
    assert len(trend) == 12 and trend[-1].start == TODAY.replace(day=1)
    assert (trend[-1].referrals, trend[-1].sessions, trend[-1].attendance) == (2, 1, 12)
    assert (trend[-2].referrals, trend[-2].sessions, trend[-2].attendance) == (1, 2, 35)
    assert sum(month.referrals for month in trend[:-2]) == 0


def _protected_plain(rows):
    """Disclosure control applied to the plain counts, in the order the pages show."""
    def matrix(position, keys):
        counted = Counter((row[position], row[3]) for row in rows)
        return [[counted[(key, outcome)] for outcome in OUTCOMES] for key in keys]

    concerns = [*HomeOfficeCategory.values, "more_than_one", "not_recorded"]
    bands = ["under_15", "15_17", "18_24", "25_plus", "not_known"]
    return protect_tables([matrix(0, KINDS), matrix(1, concerns), matrix(2, bands)])


def test_pooled_figures_are_the_sharing_authorities_counts_after_disclosure_control(
        home_rows, away_rows, third_rows, lead, away_admin, third):
    rng = random.Random(3)
    for rows in (home_rows, away_rows, third_rows):
        fill(rows, rng, cases=25)
    share(admin_of(lead.authority, "ada.homeadmin"))
    share(away_admin)  # the third authority does not share
    pooled = figures.pooled_figures(lead.authority_id, opted_in_authority_ids())
    assert pooled.available and pooled.authorities == 2
    expected = _protected_plain(plain_rows([lead.authority_id, away_admin.authority_id]))
    for shown, protected in zip(pooled.outcomes, expected, strict=True):
        assert [row.values for row in shown.rows] == [tuple(row) for row in protected.cells], shown.key
        assert shown.totals.values == protected.column_totals and shown.totals.total == protected.total
    # More rows in the authority that does not share change nothing.
    fill(third_rows, rng, cases=15)
    again = figures.pooled_figures(lead.authority_id, opted_in_authority_ids())
    assert [table.as_data() for table in again.outcomes] == [table.as_data() for table in pooled.outcomes]
    assert again.court.as_data() == pooled.court.as_data()


def test_an_authority_that_does_not_share_sees_nothing_pooled(home_rows, away_rows, third, lead, away_admin):
    fill(home_rows, random.Random(5), cases=10)
    share(admin_of(lead.authority, "ada.homeadmin"))
    share(away_admin)
    pooled = figures.pooled_figures(third.authority_id, opted_in_authority_ids())
    assert not pooled.available and pooled.outcomes == () and "does not share" in pooled.reason
    assert "tables" not in pooled.as_data()


def test_pooled_figures_wait_for_a_second_authority(home_rows, lead):
    share(admin_of(lead.authority, "ada.homeadmin"))
    pooled = figures.pooled_figures(lead.authority_id, opted_in_authority_ids())
    assert not pooled.available and "at least 2 authorities" in pooled.reason


def test_priority_areas_are_compared_only_with_enough_authorities_on_each_side(
        home_rows, third_rows, lead, third, monkeypatch):
    rng = random.Random(9)
    fill(home_rows, rng, cases=20)  # home is not a priority area, the third authority is
    fill(third_rows, rng, cases=20)
    share(admin_of(lead.authority, "ada.homeadmin"))
    share(admin_of(third.authority, "tam.thirdadmin2"))
    pooled = figures.pooled_figures(lead.authority_id, opted_in_authority_ids())
    assert pooled.areas is None and "a single authority's figures" in pooled.areas_reason
    monkeypatch.setattr(figures, "MIN_AUTHORITIES", 1)
    pooled = figures.pooled_figures(lead.authority_id, opted_in_authority_ids())
    rows = plain_rows([lead.authority_id, third.authority_id])
    counted = Counter(("priority" if row[4] else "other", row[3]) for row in rows)
    exact = [[counted[(side, outcome)] for outcome in OUTCOMES] for side in ("priority", "other")]
    protected = protect_tables([*(table for table in _raw_matrices(rows)), exact])[-1]
    assert [row.values for row in pooled.areas.rows] == [tuple(row) for row in protected.cells]


def _raw_matrices(rows):
    concerns = [*HomeOfficeCategory.values, "more_than_one", "not_recorded"]
    bands = ["under_15", "15_17", "18_24", "25_plus", "not_known"]
    for position, keys in ((0, KINDS), (1, concerns), (2, bands)):
        counted = Counter((row[position], row[3]) for row in rows)
        yield [[counted[(key, outcome)] for outcome in OUTCOMES] for key in keys]


def _queries(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_data(home_rows, away_rows, lead, away_admin):
    share(admin_of(lead.authority, "ada.homeadmin"))
    share(away_admin)
    rng = random.Random(1)
    fill(home_rows, rng, cases=5)
    fill(away_rows, rng, cases=5)

    def both():
        figures.authority_figures(lead.authority, TODAY)
        figures.pooled_figures(lead.authority_id, opted_in_authority_ids())

    before = _queries(both)
    fill(home_rows, rng, cases=25)
    fill(away_rows, rng, cases=25)
    assert _queries(both) == before <= 12
