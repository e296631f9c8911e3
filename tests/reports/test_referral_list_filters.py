"""The referral list's filters that the dashboard links to (referrals.views.queue.DashboardLinkFilters and
referrals.selectors.referral_report_filter): ages on the day of referral, codes, yes-or-no filters, and values
that are not understood."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from consensus.working_days import LONDON
from core.tenancy import authority_scope
from referrals.models import DuplicateMatch, Referral, Subject
from referrals.services import referral_decide
from tests.referrals.conftest import agreement, submitted, teams  # noqa: F401

pytestmark = pytest.mark.django_db
LIST = reverse("referrals:list")


def listed(client, **params) -> set[str]:
    response = client.get(LIST, {"status": "all", **params})
    assert response.status_code == 200
    return set(re.findall(r'href="/referrals/\d+/">([A-Z]+-\d{4}-\d{6})</a>', response.text))


def born_years_ago(years: int, *, days: int = 0) -> dt.date:
    today = timezone.localtime(timezone.now(), LONDON).date()
    return today.replace(year=today.year - years) + dt.timedelta(days=days)


def test_age_bands_use_the_age_on_the_day_of_referral(agreement, practitioner, lead, client_for):  # noqa: F811
    turned_18_today = submitted(practitioner, date_of_birth=born_years_ago(18))
    turns_18_tomorrow = submitted(practitioner, date_of_birth=born_years_ago(18, days=1))
    estimated = submitted(practitioner, date_of_birth=None, estimated_age=33)
    with scopes_disabled():  # estimated two years ago at 31: 33 now
        Subject.objects.filter(pk=estimated.subject_id).update(
            estimated_age=31, estimated_at=timezone.localdate() - dt.timedelta(days=2 * 366))
    client = client_for(lead)
    assert listed(client, age_band="18-20") == {turned_18_today.reference}
    assert listed(client, age_band="15-17") == {turns_18_tomorrow.reference}
    assert listed(client, age_band="31-40") == {estimated.reference}
    assert listed(client, age_band="not-known") == set()


def test_codes_and_yes_or_no_filters(agreement, practitioner, lead, client_for):  # noqa: F811
    school = submitted(practitioner)
    ola = {"first_name": "Ola", "last_name": "Brennan", "gender": "female", "postcode": "LS2 9JT",
           "date_of_birth": dt.date(2009, 3, 3), "aliases": []}
    police = submitted(practitioner, referrer_sector="police", source_code="6", **ola)
    repeat = submitted(practitioner, referrer_sector="police", source_code="6", **ola)
    with authority_scope(lead.authority_id):
        referral_decide(referral=school, actor_membership=lead, pathway_code="channel",
                        rationale="Engagement with an extremist cause; Channel support could reduce the risk.")
    with scopes_disabled():
        assert DuplicateMatch.objects.filter(referral=repeat, likely_same_person=True).exists()
    client = client_for(lead)
    assert listed(client, sector="police") == {police.reference, repeat.reference}
    assert listed(client, sector="none") == set()
    assert listed(client, gender="female") == {police.reference, repeat.reference}
    assert listed(client, repeat="yes") == {repeat.reference}
    assert listed(client, repeat="no") == {school.reference, police.reference}
    assert listed(client, pathway="channel") == {school.reference}
    assert listed(client, case="yes") == {school.reference} and listed(client, case="no") == {
        police.reference, repeat.reference}
    assert listed(client, on_time="yes") == {school.reference} and listed(client, on_time="no") == set()


def test_dates_are_whole_days_in_england_and_nonsense_is_ignored_value_by_value(agreement, practitioner, lead,  # noqa: F811
                                                                               client_for):
    late_evening = submitted(practitioner)
    with scopes_disabled():  # 23:30 in London on 1 July (BST) is 22:30 UTC
        Referral.objects.filter(pk=late_evening.pk).update(
            submitted_at=dt.datetime(2025, 7, 1, 22, 30, tzinfo=dt.UTC))
    client = client_for(lead)
    assert listed(client, received_from="2025-07-01", received_to="2025-07-01") == {late_evening.reference}
    assert listed(client, received_from="2025-07-02") == set()
    assert listed(client, received_to="2025-07-01", sector="nonsense", age_band="<b>", pathway="Bad Code!") == {
        late_evening.reference}
    response = client.get(LIST, {"status": "all", "received_from": "2025-07-01", "received_to": "2025-07-01",
                                 "sector": "education"})
    assert response.context["dashboard_filters"] == ["Received from 1 July 2025 to 1 July 2025",
                                                     "Referrer's sector: education"]


def test_practitioners_lists_ignore_the_dashboard_filters(agreement, practitioner, client_for):  # noqa: F811
    mine = submitted(practitioner)
    assert listed(client_for(practitioner), sector="police") == {mine.reference}


def test_the_list_says_which_dashboard_filters_apply_and_keeps_them(agreement, practitioner, lead,  # noqa: F811
                                                                    client_for):
    submitted(practitioner, referrer_sector="police", source_code="6")
    page = client_for(lead).get(LIST, {"status": "all", "sector": "police", "repeat": "no"}).text
    assert "Also filtered from the dashboard:" in page
    assert "<li>Referrer&#x27;s sector: police</li>" in page and "<li>Not repeat referrals</li>" in page
    assert '<input type="hidden" name="sector" value="police">' in page
    assert '<input type="hidden" name="repeat" value="no">' in page
    assert "Also filtered from the dashboard:" not in client_for(lead).get(LIST).text
