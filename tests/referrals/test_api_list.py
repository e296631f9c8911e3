"""GET /api/v1/referrals/: the queue as each role may see it, its filters, its pages and its query count."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.services import api_token_create
from core.tenancy import authority_scope
from referrals.services import referral_assign, referral_decide, referral_start_screening
from tests.referrals.conftest import draft, submitted

pytestmark = pytest.mark.django_db
URL = "/api/v1/referrals/"


def references(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [item["reference"] for item in response.json()["results"]]


@pytest.fixture
def queue(agreement, practitioner, lead, manager):
    """Five referrals: two by the practitioner (one urgent), one late, one in screening, one decided; a draft."""
    now = timezone.now()
    referrals = {
        "late": submitted(manager, at=now - dt.timedelta(days=10), concern_types=["islamist"]),
        "mine": submitted(practitioner),
        "urgent": submitted(practitioner, immediate_risk=True, date_of_birth=dt.date(1990, 1, 1)),
        "screening": submitted(lead),
        "decided": submitted(lead),
        "draft": draft(practitioner),
    }
    with authority_scope(lead.authority_id):
        referral_start_screening(referral=referrals["screening"], actor_membership=lead)
        referral_decide(referral=referrals["decided"], actor_membership=lead, pathway_code="no_further_action",
                        rationale="No concern of radicalisation once the school's information was checked.")
    return referrals


def test_a_lead_sees_every_submitted_referral_urgent_first_then_the_earliest_due(queue, client_for, lead):
    body = client_for(lead).get(URL).json()

    assert body["count"] == 5 and body["next"] is None
    assert [item["id"] for item in body["results"]][:2] == [queue["urgent"].pk, queue["late"].pk]
    first = body["results"][0]
    assert (first["status"], first["immediate_risk"], first["subject_group"]) == ("submitted", True, "adult")
    assert first["routed_team"]["name"] == "Adults team" and first["concern_types"][0]["label"]
    late = body["results"][1]
    assert late["overdue"] is True and late["links"]["self"].endswith(f"/api/v1/referrals/{queue['late'].pk}/")
    decided = next(item for item in body["results"] if item["id"] == queue["decided"].pk)
    assert decided["pathway"] == {"code": "no_further_action", "label": "No further action (advice given)",
                                  "opens_case": False}
    assert "subject" not in first and "referrer" not in first  # the list carries a summary only


def test_a_practitioner_sees_only_their_own_referrals_and_drafts(queue, client_for, practitioner):
    body = client_for(practitioner).get(URL).json()
    assert {item["id"] for item in body["results"]} == {queue[name].pk for name in ("mine", "urgent", "draft")}
    assert next(item for item in body["results"] if item["id"] == queue["draft"].pk)["reference"] == ""


def test_a_practitioner_also_sees_what_is_assigned_to_them(queue, client_for, practitioner, lead):
    with authority_scope(lead.authority_id):
        referral_assign(referral=queue["late"], assignee_user_id=practitioner.user_id, actor_membership=lead)
    response = client_for(practitioner).get(URL, {"assigned_to_me": "true"})
    assert [item["id"] for item in response.json()["results"]] == [queue["late"].pk]


@pytest.mark.parametrize(("query", "expected"), [
    ({"status": "screening"}, ["screening"]),
    ({"status": ["screening", "decided"]}, ["screening", "decided"]),
    ({"overdue": "true"}, ["late"]),
    ({"overdue": "false"}, ["urgent", "mine", "screening", "decided"]),
    ({"concern_type": "islamist"}, ["late"]),
    ({"assigned_to_me": "true"}, ["screening"]),  # start_screening assigned it to the lead
])
def test_filters(queue, client_for, lead, query, expected):
    response = client_for(lead).get(URL, query)
    assert sorted(references(response)) == sorted(queue[name].reference for name in expected)


def test_the_team_filter(queue, client_for, lead, teams):
    response = client_for(lead).get(URL, {"team": teams["adults"].pk})
    assert references(response) == [queue["urgent"].reference]


@pytest.mark.parametrize("query", [{"status": "lost"}, {"team": "children"}, {"overdue": "maybe"},
                                   {"concern_type": "x" * 41}])
def test_bad_filters_are_field_errors(queue, client_for, lead, query):
    response = client_for(lead).get(URL, query)
    assert response.status_code == 400 and list(response.json()["errors"]) == list(query)


def test_pages(queue, client_for, lead):
    client = client_for(lead)
    first = client.get(URL, {"limit": 2}).json()
    second = client.get(URL, {"limit": 2, "offset": 2}).json()
    assert (first["count"], len(first["results"]), len(second["results"])) == (5, 2, 2)
    assert first["next"].endswith("?limit=2&offset=2")
    assert not {item["id"] for item in first["results"]} & {item["id"] for item in second["results"]}
    assert len(client.get(URL, {"limit": 1000}).json()["results"]) == 5  # capped at 200, not refused


@pytest.mark.parametrize("persona", ["admin_member", "dpo"])
def test_administrators_and_dpos_cannot_list_referrals(queue, persona, request, client_for):
    response = client_for(request.getfixturevalue(persona)).get(URL)
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"


def test_another_authority_sees_none_of_them(queue, away_agreement, client_for, outsider, client):
    theirs = submitted(outsider)
    assert references(client_for(outsider).get(URL)) == [theirs.reference]
    _, secret = api_token_create(membership=outsider, name="script", days=1, actor=None, mfa_verified=False)
    assert references(client.get(URL, HTTP_AUTHORIZATION=f"Bearer {secret}")) == [theirs.reference]


def test_anonymous_is_401_and_other_methods_405(queue, client, client_for, lead):
    assert client.get(URL).status_code == 401
    assert client_for(lead).delete(URL).status_code == 405


def test_listing_is_not_a_view_of_each_referral(queue, client_for, lead, audit_rows):
    client_for(lead).get(URL)
    assert audit_rows() == []


def test_the_query_count_does_not_grow_with_the_queue(agreement, practitioner, lead, client_for,
                                                      django_assert_num_queries):
    client = client_for(lead)
    submitted(practitioner)
    client.get(URL)
    with CaptureQueriesContext(connection) as small:
        assert len(client.get(URL).json()["results"]) == 1
    for number in range(12):
        referral = submitted(practitioner, first_name=f"Person{number}", immediate_risk=number % 3 == 0)
        if number % 2:
            with authority_scope(lead.authority_id):
                referral_start_screening(referral=referral, actor_membership=lead)
    with django_assert_num_queries(len(small)):
        response = client.get(URL, {"status": ["submitted", "screening"]})
    assert len(response.json()["results"]) == 13
