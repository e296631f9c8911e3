"""GET /api/v1/referrals/{id}/ and /history/: what each role gets, every view audited, and every refusal."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.roles import Role
from accounts.services import api_token_create
from core.tenancy import authority_scope
from referrals.services import referral_assign, referral_decide, referral_screening_note_add, referral_start_screening
from tests.referrals.conftest import draft, make_member, submitted

pytestmark = pytest.mark.django_db


def url(referral_or_id, suffix=""):
    return f"/api/v1/referrals/{getattr(referral_or_id, 'pk', referral_or_id)}/{suffix}"


@pytest.fixture
def screened(agreement, practitioner, lead):
    """A repeat referral about the same person, screened with a note and decided on a pathway that opens a case."""
    submitted(practitioner)
    referral = submitted(practitioner, first_name="James", aliases=[])
    with authority_scope(lead.authority_id):
        referral_start_screening(referral=referral, actor_membership=lead)
        referral_screening_note_add(referral=referral, actor_membership=lead, kind="checks_made",
                                    text="Children's social care: known to early help in 2024.")
        referral_decide(referral=referral, actor_membership=lead, pathway_code="channel",
                        rationale="Fixated on extreme right-wing material with stated hostility to others.",
                        definition_codes=["radicalisation", "extremism"])
    return referral


def test_a_lead_gets_everything_including_the_screening_detail(screened, client_for, lead, practitioner,
                                                               audit_rows):
    response = client_for(lead).get(url(screened))

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["pathway"]["code"], body["pathway"]["opens_case"]) == ("decided", "channel", True)
    assert body["subject"]["first_name"] == "James" and body["referrer"]["name"] == "Rita Referrer"
    assert body["decided_by"]["name"] == str(lead.user) and body["assigned_to"]["id"] == lead.user_id
    assert (body["consensus_version"], body["decision_version"]) == (1, 1)
    screening = body["screening"]
    assert screening["rationale"].startswith("Fixated")
    assert [item["code"] for item in screening["definitions_cited"]] == ["radicalisation", "extremism"]
    [match] = screening["duplicate_matches"]
    assert match["likely_same_person"] and match["matched_subject"]["first_name"] == "Jamie"
    assert [earlier["status"] for earlier in match["earlier_referrals"]] == ["submitted"]
    assert audit_rows() == [("referrals.referral.viewed", "lee.lead")]


def test_a_practitioner_sees_their_referral_and_its_outcome_but_no_screening_detail(screened, client_for,
                                                                                     practitioner, audit_rows):
    body = client_for(practitioner).get(url(screened)).json()

    assert body["status"] == "decided" and body["pathway"]["code"] == "channel"
    assert body["screening"] is None and "rationale" not in body
    assert body["subject"]["last_name"] == "Calloway" and body["actions"] == []
    history = client_for(practitioner).get(url(screened, "history/")).json()
    assert [(entry["kind"], entry["to_status"]) for entry in history] == [
        ("transition", "submitted"), ("transition", "screening"), ("transition", "decided")]
    assert audit_rows() == [("referrals.referral.viewed", "pat.practitioner")] * 2


def test_a_lead_reads_the_whole_history(screened, client_for, lead, practitioner):
    history = client_for(lead).get(url(screened, "history/")).json()

    assert [(entry["kind"], entry["to_status"] or entry["note_kind"]) for entry in history] == [
        ("transition", "submitted"), ("transition", "screening"), ("note", "checks_made"), ("transition", "decided")]
    assert history[0]["actor"] == {"id": practitioner.user_id, "name": str(practitioner.user)}
    assert (history[0]["from_status"], history[0]["consensus_version_number"]) == ("draft", 1)
    assert history[2]["text"].startswith("Children's social care")


def test_every_view_is_audited(screened, client_for, lead, audit_rows):
    client = client_for(lead)
    for _ in range(3):
        client.get(url(screened))
    assert audit_rows() == [("referrals.referral.viewed", "lee.lead")] * 3


def test_an_assigned_practitioner_sees_the_referral_but_not_the_screening(agreement, lead, manager, client_for):
    other = make_member(lead.authority, Role.PRACTITIONER, "pia.practitioner")
    referral = submitted(manager)
    assert client_for(other).get(url(referral)).status_code == 404
    with authority_scope(lead.authority_id):
        referral_assign(referral=referral, assignee_user_id=other.user_id, actor_membership=lead)
    body = client_for(other).get(url(referral)).json()
    assert body["assigned_to"]["id"] == other.user_id and body["screening"] is None


def test_a_draft_is_its_authors_alone(agreement, practitioner, lead, client_for):
    mine = draft(practitioner)
    assert client_for(practitioner).get(url(mine)).json()["actions"] == ["edit_draft", "submit", "withdraw"]
    assert client_for(lead).get(url(mine)).status_code == 404


ENDPOINTS = [("get", ""), ("get", "history/"), ("post", "decide/"), ("post", "assign/"), ("post", "withdraw/"),
             ("post", "screening/"), ("post", "notes/")]
BODIES = {"decide/": {"pathway": "channel", "rationale": "A rationale of more than twenty characters."},
          "assign/": {"assignee": None}, "withdraw/": {"reason": "Sent in error"},
          "notes/": {"kind": "other", "text": "A note"}}


def call(client, method, path, suffix, **headers):
    if method == "get":
        return client.get(path, **headers)
    return client.post(path, BODIES.get(suffix, {}), content_type="application/json", **headers)


@pytest.mark.parametrize(("method", "suffix"), ENDPOINTS)
def test_another_authority_gets_404_from_every_endpoint(agreement, practitioner, outsider, client_for, client,
                                                        audit_rows, method, suffix):
    referral = submitted(practitioner)
    assert call(client_for(outsider), method, url(referral, suffix), suffix).status_code == 404
    _, secret = api_token_create(membership=outsider, name="script", days=1, actor=None, mfa_verified=False)
    response = call(client, method, url(referral, suffix), suffix, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 404 and response.json() == {"detail": "Not found.", "code": "not_found"}
    assert audit_rows(action__startswith="referrals.") == [("referrals.referral.drafted", "pat.practitioner"),
                                                           ("referrals.referral.submitted", "pat.practitioner")]


@pytest.mark.parametrize(("method", "suffix"), ENDPOINTS)
def test_a_missing_id_is_404_and_the_wrong_roles_403(agreement, lead, admin_member, dpo, client_for, method,
                                                     suffix):
    assert call(client_for(lead), method, url(999_999, suffix), suffix).status_code == 404
    referral = submitted(lead)
    for persona in (admin_member, dpo):
        assert call(client_for(persona), method, url(referral, suffix), suffix).status_code == 403


@pytest.mark.parametrize(("method", "suffix"), ENDPOINTS)
def test_anonymous_is_401_and_the_wrong_method_405(agreement, lead, client, client_for, method, suffix):
    referral = submitted(lead)
    assert call(client, method, url(referral, suffix), suffix).status_code == 401
    wrong = client_for(lead).post if method == "get" else client_for(lead).get
    assert wrong(url(referral, suffix)).status_code == 405


def test_the_query_count_does_not_grow_with_the_duplicates(agreement, practitioner, lead, client_for):
    client = client_for(lead)
    submitted(practitioner)
    referral = submitted(practitioner)
    client.get(url(referral))
    with CaptureQueriesContext(connection) as one_found:
        client.get(url(referral))
    for number in range(4):
        submitted(practitioner, referrer_name=f"Referrer {number}")
    repeat = submitted(practitioner)
    with CaptureQueriesContext(connection) as several:
        body = client.get(url(repeat)).json()
    assert len(body["screening"]["duplicate_matches"]) == 6
    assert len(several) == len(one_found)
