"""POST /api/v1/referrals/: make and submit a referral in one call, with Idempotency-Key retries, and every kind of
bad input refused with field errors and nothing written."""

import datetime as dt
import json
import threading

import pytest
from django.db import connection
from django_scopes import scopes_disabled

from accounts.services import api_token_create
from audit.models import AuditEvent
from referrals.models import IdempotencyKey, Referral, ReferralTransition, Subject
from tests.conftest import signed_in_client
from tests.referrals.conftest import referral_data

pytestmark = pytest.mark.django_db
URL = "/api/v1/referrals/"


def create(client, body, **headers):
    return client.post(URL, body, content_type="application/json", **headers)


def written() -> tuple[int, ...]:
    with scopes_disabled():
        return tuple(model.objects.count() for model in (Referral, Subject, ReferralTransition, IdempotencyKey,
                                                         AuditEvent))


def test_a_practitioner_makes_a_referral(agreement, practitioner, teams, client_for, audit_rows):
    response = create(client_for(practitioner), referral_data(immediate_risk=True))

    assert response.status_code == 201
    body = response.json()
    with scopes_disabled():
        referral = Referral.objects.get()
    assert response["Location"] == f"http://testserver/api/v1/referrals/{referral.pk}/"
    assert (body["id"], body["reference"], body["status"], body["status_label"]) == (
        referral.pk, referral.reference, "submitted", "Submitted")
    assert body["reference"].startswith("TST-")
    assert body["concern_types"] == [{"code": "extreme_right_wing", "label": "Extreme right-wing"}]
    assert {item["code"] for item in body["indicators"]} == {"extremist_material", "us_and_them"}
    assert body["routed_team"] == {"id": teams["children"].pk, "name": "Children team"}
    assert (body["immediate_risk"], body["overdue"], body["subject_group"]) == (True, False, "child")
    assert body["decision_due_at"] and body["pathway"] is None and body["screening"] is None
    assert body["subject"]["postcode"] == "LS6 1AB" and body["subject_name"] == "Jamie Calloway"
    assert body["referrer"]["sector_label"] == "Education" and body["source_label"] == "Schools"
    assert body["submitted_by"] == {"id": practitioner.user_id, "name": str(practitioner.user)}
    assert body["links"]["history"] == f"http://testserver/api/v1/referrals/{referral.pk}/history/"
    assert body["actions"] == []
    assert audit_rows() == [("referrals.referral.drafted", "pat.practitioner"),
                            ("referrals.referral.submitted", "pat.practitioner")]


def test_a_lead_or_manager_may_make_one_too(agreement, lead, manager, client_for):
    assert create(client_for(lead), referral_data()).status_code == 201
    body = create(client_for(manager), referral_data(first_name="Jamie-Lee")).json()
    assert body["screening"]["duplicate_matches"][0]["likely_same_person"] is True  # managers screen


def test_the_same_idempotency_key_twice_makes_one_referral(agreement, practitioner, client_for, audit_rows):
    client = client_for(practitioner)
    first = create(client, referral_data(), HTTP_IDEMPOTENCY_KEY="partner-7f3a")
    retry = create(client, referral_data(), HTTP_IDEMPOTENCY_KEY="partner-7f3a")

    assert (first.status_code, retry.status_code) == (201, 200)
    assert retry.json() == first.json() and retry["Location"] == first["Location"]
    with scopes_disabled():
        assert Referral.objects.count() == 1 and ReferralTransition.objects.count() == 1
    assert [action for action, _ in audit_rows()] == ["referrals.referral.drafted", "referrals.referral.submitted"]


@pytest.mark.django_db(transaction=True)
def test_a_retry_sent_while_the_first_request_is_still_running_makes_no_second_referral(agreement, practitioner):
    barrier, statuses = threading.Barrier(2), []

    def send():
        try:
            client = signed_in_client(practitioner)
            barrier.wait()
            statuses.append(create(client, referral_data(), HTTP_IDEMPOTENCY_KEY="partner-race").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(statuses) == [200, 201]
    with scopes_disabled():
        assert Referral.objects.count() == 1 and IdempotencyKey.objects.get().referral_id is not None


def test_the_same_key_with_a_different_body_is_a_conflict(agreement, practitioner, client_for):
    client = client_for(practitioner)
    create(client, referral_data(), HTTP_IDEMPOTENCY_KEY="partner-7f3a")
    before = written()

    response = create(client, referral_data(first_name="Jordan"), HTTP_IDEMPOTENCY_KEY="partner-7f3a")

    assert response.status_code == 409
    assert response.json() == {"code": "idempotency_conflict", "detail": (
        "This Idempotency-Key was already used for a different referral. Use a new key for a new referral.")}
    assert written() == before


def test_a_key_belongs_to_its_user(agreement, practitioner, lead, client_for):
    create(client_for(practitioner), referral_data(), HTTP_IDEMPOTENCY_KEY="k-1")
    assert create(client_for(lead), referral_data(), HTTP_IDEMPOTENCY_KEY="k-1").status_code == 201


@pytest.mark.parametrize("key", ["", " ", "x" * 256])
def test_a_malformed_key_is_a_field_error(agreement, practitioner, client_for, key):
    before = written()
    response = create(client_for(practitioner), referral_data(), HTTP_IDEMPOTENCY_KEY=key)
    assert response.status_code == 400
    assert (response.json()["code"], list(response.json()["errors"])) == ("invalid_idempotency_key",
                                                                          ["idempotency_key"])
    assert written() == before


def test_a_bearer_token_works(agreement, practitioner, client):
    _, secret = api_token_create(membership=practitioner, name="case system", days=1, actor=None,
                                 mfa_verified=False)
    response = create(client, referral_data(), HTTP_AUTHORIZATION=f"Bearer {secret}",
                      HTTP_IDEMPOTENCY_KEY="case-system-991")
    assert response.status_code == 201 and response.json()["status"] == "submitted"


@pytest.mark.parametrize("persona", ["admin_member", "dpo"])
def test_administrators_and_dpos_cannot_make_referrals(agreement, persona, request, client_for):
    before = written()
    response = create(client_for(request.getfixturevalue(persona)), referral_data())
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    assert written() == before


def test_anonymous_is_401(agreement, client):
    assert create(client, referral_data()).status_code == 401


TODAY = dt.date.today()
LONG = "x" * 10_001


@pytest.mark.parametrize(("changes", "fields"), [
    ({"first_name": None, "last_name": ""}, {"first_name", "last_name"}),
    ({"date_of_birth": None, "estimated_age": None}, {"date_of_birth"}),
    ({"concern_types": [], "concern": "Too short"}, {"concern_types", "concern"}),
    ({"referrer_email": "", "referrer_phone": ""}, {"referrer_email"}),
    ({"consent": "refused", "lawful_basis_when_not_sought": ""}, {"lawful_basis_when_not_sought"}),
    ({"date_of_birth": (TODAY + dt.timedelta(days=30)).isoformat()}, {"date_of_birth"}),  # stays future past midnight
    ({"date_of_birth": "1890-01-01"}, {"date_of_birth"}),
    ({"date_of_birth": None, "estimated_age": 121}, {"estimated_age"}),
    ({"date_of_birth": "27/03/2009"}, {"date_of_birth"}),
    ({"postcode": "LS6 1ABC"}, {"postcode"}),
    ({"postcode": "", "no_postcode_reason": ""}, {"postcode"}),
    ({"concern_types": ["flat_earth"]}, {"concern_types"}),
    ({"indicators": ["likes_football"]}, {"indicators"}),
    ({"source_code": "11"}, {"source_code"}),
    ({"gender": "unknown"}, {"gender"}),
    ({"referrer_email": "not-an-address"}, {"referrer_email"}),
    ({"concern": LONG}, {"concern"}),
    ({"first_name": "x" * 101, "needs": "x" * 2001, "address": "x" * 501}, {"first_name", "needs", "address"}),
    ({"aliases": [f"Alias {number}" for number in range(11)]}, {"aliases"}),
    ({"aliases": "Jay"}, {"aliases"}),
    ({"immediate_risk": "yes"}, {"immediate_risk"}),
    ({"concern_types": "extreme_right_wing"}, {"concern_types"}),
    ({"favourite_colour": "blue"}, {"favourite_colour"}),
])
def test_bad_input_is_a_400_naming_the_fields_and_writes_nothing(agreement, practitioner, client_for, changes,
                                                                  fields):
    before = written()
    response = create(client_for(practitioner), referral_data(**changes), HTTP_IDEMPOTENCY_KEY="bad-input")

    assert response.status_code == 400, response.json()
    body = response.json()
    assert set(body["errors"]) == fields and body["detail"] and body["code"] in ("invalid", "incomplete",
                                                                                  "unknown_code")
    assert written() == before


def test_a_body_that_is_not_an_object_is_a_400(agreement, practitioner, client_for):
    before = written()
    response = create(client_for(practitioner), ["first_name", "Jamie"])
    assert response.status_code == 400 and list(response.json()["errors"]) == ["non_field_errors"]
    assert written() == before


def test_malformed_json_is_a_400(agreement, practitioner, client_for):
    before = written()
    text = json.dumps(referral_data(), default=str)[:-10]
    response = create(client_for(practitioner), text, HTTP_IDEMPOTENCY_KEY="broken-json")
    assert response.status_code == 400 and response.json()["code"] == "parse_error"
    assert written() == before


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded"])
def test_a_body_that_is_not_json_is_refused_in_the_error_format(agreement, practitioner, client_for,
                                                                 content_type):
    before = written()
    body = json.dumps(referral_data(), default=str) if content_type == "text/plain" else "first_name=Jamie"
    response = client_for(practitioner).post(URL, body, content_type=content_type)
    assert response.status_code == 415
    assert response.json() == {"detail": f'Unsupported media type "{content_type}" in request.',
                               "code": "unsupported_media_type"}
    assert written() == before


def test_without_a_published_agreement_nothing_is_made(practitioner, client_for):
    before = written()
    response = create(client_for(practitioner), referral_data(concern_types=[], indicators=[]))
    assert response.status_code == 400 and response.json()["code"] == "no_agreement"
    assert written() == before
