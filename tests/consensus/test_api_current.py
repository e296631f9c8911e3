"""GET /api/v1/consensus/current/: the agreement in force, readable by every member of the authority."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from accounts.services import api_token_create
from consensus.services import consensus_part_create
from core.tenancy import authority_scope
from tests.consensus.conftest import publish

pytestmark = pytest.mark.django_db
URL = "/api/v1/consensus/current/"


@pytest.mark.parametrize("persona", ["practitioner", "lead", "manager", "admin_member", "dpo"])
def test_every_member_reads_the_agreement_in_force(published, persona, request, client_for):
    response = client_for(request.getfixturevalue(persona)).get(URL)

    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["number"], body["status"]) == (published.pk, 1, "published")
    assert body["timescales"]["decision_working_days"] == 1
    assert [item["code"] for item in body["pathways"]][:2] == ["no_further_action", "early_help"]
    assert {item["pathway"] for item in body["responsibilities"]} == {None, "channel"}
    assert {(item["kind"], item["role"]) for item in body["sign_offs"]} == {("strategic", "manager"),
                                                                            ("frontline", "safeguarding_lead")}
    assert body["factors"][0]["dimension"] == "engagement"


def test_it_is_404_before_anything_is_published(draft, client_for, practitioner):
    response = client_for(practitioner).get(URL)
    assert response.status_code == 404
    assert response.json()["detail"] == "Your authority has not published its agreement yet."


def test_the_outsider_gets_their_own_authoritys_agreement_never_ours(published, away_published, client_for,
                                                                     outsider):
    body = client_for(outsider).get(URL).json()
    assert body["id"] == away_published.pk


def test_markup_comes_back_as_data(second_draft, admin_member, lead, manager, client_for, practitioner):
    script = "<script>alert('x')</script>"
    with authority_scope(second_draft.authority_id):
        consensus_part_create(version=second_draft, part="definitions", actor_membership=admin_member,
                              data={"code": "xss", "term": script, "wording": script})
    publish(second_draft, lead=lead, manager=manager)

    response = client_for(practitioner).get(URL)
    assert response["Content-Type"] == "application/json"
    assert {"code": "xss", "term": script, "wording": script}.items() <= next(
        item for item in response.json()["definitions"] if item["code"] == "xss").items()


def test_query_count_does_not_grow_with_the_agreement(published, second_draft, admin_member, lead, manager,
                                                      client_for, practitioner):
    client = client_for(practitioner)
    client.get(URL)
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    with authority_scope(second_draft.authority_id):
        for number in range(20):
            consensus_part_create(version=second_draft, part="indicators", actor_membership=admin_member,
                                  data={"code": f"extra_{number}", "group": "intent", "label": f"Extra {number}"})
    publish(second_draft, lead=lead, manager=manager)
    with CaptureQueriesContext(connection) as large:
        response = client.get(URL)
    assert len(response.json()["indicators"]) == 32
    assert len(large) == len(small)


def test_a_bearer_token_works_too(published, practitioner, client):
    _, secret = api_token_create(membership=practitioner, name="script", days=1, actor=None, mfa_verified=False)
    response = client.get(URL, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200 and response.json()["id"] == published.pk


def test_anonymous_is_401_and_wrong_method_is_405(published, client, client_for, practitioner):
    assert client.get(URL).status_code == 401
    assert client_for(practitioner).post(URL).status_code == 405


def test_someone_with_no_access_to_any_authority_is_refused(published, client_for, practitioner):
    with scopes_disabled():
        practitioner.is_active = False  # access removed
        practitioner.save(update_fields=["is_active"])
    assert client_for(practitioner).get(URL).status_code == 403
