"""POST /api/v1/referrals/{id}/decide/, and the whole journey through the API: a practitioner refers, a lead
screens and decides, a case opens. Two leads deciding at once: one wins, the other gets 409."""

import threading
import time

import pytest
from django.db import connection
from django_scopes import scopes_disabled

from accounts.roles import Role
from cases.models import Case
from referrals.models import Referral, ReferralTransition
from referrals.services import _common as common_services
from tests.conftest import signed_in_client
from tests.referrals.conftest import make_member, referral_data, submitted

pytestmark = pytest.mark.django_db
LIST = "/api/v1/referrals/"
RATIONALE = "Repeated interest in attack footage and stated hostility: Channel can reduce the risk."


def url(referral_or_id, suffix=""):
    return f"{LIST}{getattr(referral_or_id, 'pk', referral_or_id)}/{suffix}"


def post(client, path, body=None):
    return client.post(path, body if body is not None else {}, content_type="application/json")


def decide(client, referral, **changes):
    return post(client, url(referral, "decide/"), {"pathway": "channel", "rationale": RATIONALE,
                                                   "definitions_cited": ["radicalisation"], **changes})


def state(referral) -> tuple:
    with scopes_disabled():
        fresh = Referral.objects.get(pk=referral.pk)
        return fresh.status, fresh.pathway_id, ReferralTransition.objects.filter(referral=referral).count()


def test_the_whole_journey_through_the_api(agreement, practitioner, lead, teams, client_for, audit_rows):
    referrer, screener = client_for(practitioner), client_for(lead)

    created = post(referrer, LIST, referral_data())
    assert created.status_code == 201
    referral_id = created.json()["id"]
    assert [item["id"] for item in screener.get(LIST, {"status": "submitted"}).json()["results"]] == [referral_id]
    started = post(screener, url(referral_id, "screening/"))
    assert (started.json()["status"], started.json()["assigned_to"]["id"]) == ("screening", lead.user_id)
    note = post(screener, url(referral_id, "notes/"), {"kind": "partner_information",
                                                       "text": "Police: no previous contact."})
    assert note.status_code == 201 and note.json()["kind_label"] == "Information from partners"
    decided = decide(screener, referral_id)
    assert decided.status_code == 200
    body = decided.json()
    assert (body["status"], body["pathway"]) == ("decided", {
        "code": "channel", "label": "Refer to the police Prevent gateway for Channel consideration",
        "opens_case": True})
    assert body["screening"]["rationale"] == RATIONALE and body["actions"] == []
    assert body["decided_by"]["id"] == lead.user_id and body["overdue"] is False
    with scopes_disabled():
        case = Case.objects.get(referral_id=referral_id)
    assert (case.status, case.team.name) == ("open", "Prevent team")
    seen = referrer.get(url(referral_id)).json()
    assert (seen["status"], seen["pathway"]["code"], seen["screening"]) == ("decided", "channel", None)
    assert audit_rows() == [
        ("referrals.referral.drafted", "pat.practitioner"), ("referrals.referral.submitted", "pat.practitioner"),
        ("referrals.referral.screening_started", "lee.lead"), ("referrals.screening_note.added", "lee.lead"),
        ("referrals.referral.decided", "lee.lead"), ("cases.case.opened", "lee.lead"),
        ("referrals.referral.viewed", "pat.practitioner")]


def test_a_decision_that_opens_no_case_opens_none(agreement, practitioner, lead, client_for):
    referral = submitted(practitioner)
    response = decide(client_for(lead), referral, pathway="no_further_action", definitions_cited=[])
    assert response.json()["pathway"]["opens_case"] is False
    with scopes_disabled():
        assert not Case.objects.exists()


@pytest.mark.parametrize(("body", "fields"), [
    ({"pathway": "deport"}, {"pathway"}),
    ({"pathway": ""}, {"pathway"}),
    ({"rationale": "Too short"}, {"rationale"}),
    ({"rationale": "x" * 5001}, {"rationale"}),
    ({"definitions_cited": ["treason"]}, {"definitions_cited"}),
    ({"definitions_cited": "radicalisation"}, {"definitions_cited"}),
    ({"pathway": ["channel"], "rationale": 7}, {"pathway"}),
])
def test_bad_decisions_are_field_errors_and_change_nothing(agreement, practitioner, lead, client_for, audit_rows,
                                                           body, fields):
    referral = submitted(practitioner)
    before = state(referral)

    response = decide(client_for(lead), referral, **body)

    assert response.status_code == 400 and set(response.json()["errors"]) == fields
    assert state(referral) == before
    assert not audit_rows(action="referrals.referral.decided")


def test_missing_fields_are_field_errors(agreement, practitioner, lead, client_for):
    response = post(client_for(lead), url(submitted(practitioner), "decide/"))
    assert response.status_code == 400 and set(response.json()["errors"]) == {"pathway", "rationale"}


def test_a_body_that_is_not_json_is_refused(agreement, practitioner, lead, client_for):
    referral = submitted(practitioner)
    client = client_for(lead)
    assert client.post(url(referral, "decide/"), "{not json", content_type="application/json").status_code == 400
    response = client.post(url(referral, "decide/"), {"pathway": "channel"})  # multipart form
    assert response.status_code == 415 and response.json()["code"] == "unsupported_media_type"
    assert state(referral)[0] == "submitted"


def test_a_practitioner_cannot_decide_even_their_own_referral(agreement, practitioner, client_for):
    referral = submitted(practitioner)
    response = decide(client_for(practitioner), referral)
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    assert state(referral)[0] == "submitted"


def test_a_second_decision_is_a_conflict(agreement, practitioner, lead, manager, client_for):
    referral = submitted(practitioner)
    assert decide(client_for(lead), referral).status_code == 200

    response = decide(client_for(manager), referral, pathway="no_further_action")

    assert response.status_code == 409
    assert response.json() == {"detail": "This referral is decided, so it cannot be decided.",
                               "code": "invalid_transition"}
    with scopes_disabled():
        assert Referral.objects.get(pk=referral.pk).pathway.code == "channel"


@pytest.mark.django_db(transaction=True)
def test_two_leads_deciding_at_once_one_wins_and_the_other_gets_409(agreement, practitioner, lead, monkeypatch):
    other_lead = make_member(lead.authority, Role.SAFEGUARDING_LEAD, "liz.lead")
    referral = submitted(practitioner)
    clients = [signed_in_client(lead), signed_in_client(other_lead)]
    real_record = common_services.audit_record

    def slow_record(**kwargs):
        time.sleep(0.3)  # the winner holds the row lock a while, so the other request is certainly waiting on it
        return real_record(**kwargs)

    monkeypatch.setattr(common_services, "audit_record", slow_record)
    barrier, responses = threading.Barrier(2), {}

    def run(client, pathway):
        try:
            barrier.wait()
            responses[pathway] = decide(client, referral, pathway=pathway)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(client, pathway))
               for client, pathway in zip(clients, ["early_help", "no_further_action"], strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(response.status_code for response in responses.values()) == [200, 409]
    [winner] = [pathway for pathway, response in responses.items() if response.status_code == 200]
    with scopes_disabled():
        assert Referral.objects.get(pk=referral.pk).pathway.code == winner
        assert ReferralTransition.objects.filter(referral=referral, to_status="decided").count() == 1
