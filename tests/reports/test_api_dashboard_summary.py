"""GET /api/v1/dashboard/summary/: the same figures as the page, for the same filters, to the same people."""

import json

import pytest
from django.test import Client
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from accounts.services import api_token_create
from tests.conftest import signed_in_client
from tests.reports.independent import Raw, compare, expected

pytestmark = pytest.mark.django_db
URL = "/api/v1/dashboard/summary/"
PAGE = "/dashboard/"


def without_moment(figures: dict) -> dict:
    """The figures, less the moment they were worked out at (a page and an API call are a moment apart)."""
    return {key: value for key, value in json.loads(json.dumps(figures)).items() if key != "as_at"}


def test_the_api_returns_the_figures_the_page_shows(gen):
    client = signed_in_client(gen.lead)
    team = gen.teams["adults"]
    for params in ({}, {"period": "12m", "team": team.pk}, {"period": "30d"}):
        api = client.get(URL, params)
        assert api.status_code == 200, api.json()
        page = client.get(PAGE, params).context["figures"]
        assert without_moment(api.json()) == without_moment(page)


def test_custom_dates_and_the_figures_against_the_raw_rows(gen):
    import datetime as dt

    start, end = (gen.now - dt.timedelta(days=300)).date(), (gen.now - dt.timedelta(days=30)).date()
    body = signed_in_client(gen.manager).get(URL, {"period": "custom", "date_from": start.isoformat(),
                                                   "date_to": end.isoformat()}).json()
    assert body["period"]["start"] == start.isoformat() and body["period"]["end"] == end.isoformat()
    at = dt.datetime.fromisoformat(body["as_at"])
    compare(expected(Raw(gen.authority), start=start, end=end, at=at), body)


def test_bad_filters_are_400_with_field_errors(gen):
    client = signed_in_client(gen.lead)
    body = client.get(URL, {"period": "custom", "date_from": "2026-02-30"}).json()
    assert set(body["errors"]) == {"date_from"}
    body = client.get(URL, {"period": "custom"}).json()
    assert body["errors"] == {"date_from": ["Enter the first day of the period"],
                              "date_to": ["Enter the last day of the period"]}
    response = client.get(URL, {"period": "custom", "date_from": "2026-03-01", "date_to": "2026-01-01"})
    assert response.status_code == 400 and "date_to" in response.json()["errors"]
    response = client.get(URL, {"period": "week", "team": "999999"})
    assert response.status_code == 400 and set(response.json()["errors"]) == {"period", "team"}


def test_only_leads_and_managers_and_only_their_authority(gen):
    for membership in (gen.practitioner, gen.admin, gen.dpo):
        assert signed_in_client(membership).get(URL).status_code == 403
    assert Client().get(URL).status_code in (401, 403)
    _, secret = api_token_create(membership=gen.manager, name="board report", days=1, actor=None,
                                 mfa_verified=False)
    by_token = Client().get(URL, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert by_token.status_code == 200
    from django_scopes import scopes_disabled

    from accounts.models import Membership

    with scopes_disabled():
        outsider = Membership.objects.get(user__username="oth2.manager")
    theirs = signed_in_client(outsider).get(URL).json()
    assert theirs["referrals"]["received"] < by_token.json()["referrals"]["received"]
    other_team = signed_in_client(outsider).get(URL, {"team": gen.teams["children"].pk})
    assert other_team.status_code == 400  # another authority's team is no team of theirs


def test_the_endpoint_is_in_the_openapi_schema():
    GENERATOR_STATS.reset()
    schema = SchemaGenerator(patterns=None).get_schema(request=None, public=True)
    validate_schema(schema)
    operation = schema["paths"]["/api/v1/dashboard/summary/"]["get"]
    assert operation["operationId"] == "v1_dashboard_summary"
    assert {parameter["name"] for parameter in operation["parameters"]} == {"period", "date_from", "date_to",
                                                                            "team"}
    assert operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/DashboardSummaryOutput")
    assert {"400", "401", "403"} <= set(operation["responses"])
    assert [warning for warning in GENERATOR_STATS._warn_cache if "dashboard" in warning.lower()] == []
