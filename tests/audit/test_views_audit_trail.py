import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from audit.models import AuditEvent
from audit.services import audit_record

pytestmark = pytest.mark.django_db
EVENTS = reverse("audit:events")
VERIFY = reverse("audit:verify")


@pytest.mark.parametrize("persona", ["manager", "dpo"])
def test_manager_and_dpo_read_the_trail(persona, request, client_for, outsider, audit_rows):
    membership = request.getfixturevalue(persona)
    audit_record(action="accounts.team.created", authority=membership.authority, target_label="Front door")
    audit_record(action="accounts.team.created", authority=outsider.authority, target_label="Not yours")
    response = client_for(membership).get(EVENTS)
    assert response.status_code == 200
    assert "Front door" in response.text and "Not yours" not in response.text
    assert audit_rows()[-1] == ("audit.trail.viewed", membership.user.username)


@pytest.mark.parametrize("persona", ["practitioner", "lead", "admin_member"])
def test_other_roles_cannot_read_the_whole_trail(persona, request, client_for, audit_rows):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(EVENTS).status_code == 403
    assert client.post(VERIFY).status_code == 403
    assert client.get("/api/v1/audit/events/").status_code == 403
    assert audit_rows() == []


def test_trail_page_query_count_is_constant(manager, client_for, django_assert_num_queries):
    client = client_for(manager)
    audit_record(action="accounts.team.created", authority=manager.authority)
    client.get(EVENTS)
    with django_assert_num_queries(17) as first:
        client.get(EVENTS)
    for _ in range(30):
        audit_record(action="accounts.team.created", authority=manager.authority)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(EVENTS)


def test_filters_narrow_the_list(manager, client_for):
    audit_record(action="accounts.team.created", authority=manager.authority, target_label="Team A")
    audit_record(action="accounts.user.created", authority=manager.authority, target_label="someone")
    response = client_for(manager).get(EVENTS, {"action": "accounts.user.created"})
    assert "someone" in response.text and "Team A" not in response.text
    response = client_for(manager).get(EVENTS, {"action": "not.a.thing"})
    assert response.status_code == 200  # an unknown filter is ignored, not a 500


def test_event_page_shows_the_hashes_and_records_the_view(manager, client_for, audit_rows):
    event = audit_record(action="accounts.team.created", authority=manager.authority, data={"new": {"name": "A"}})
    response = client_for(manager).get(reverse("audit:event", args=[event.pk]))
    assert response.status_code == 200
    assert event.hash in response.text and event.prev_hash in response.text
    assert audit_rows()[-1] == ("audit.event.viewed", "max.manager")


def test_bad_event_id_is_404(manager, client_for):
    assert client_for(manager).get(reverse("audit:event", args=[99999999])).status_code == 404
    assert client_for(manager).get("/audit/events/abc/").status_code == 404


def test_verify_button_reports_an_intact_trail(manager, client_for, audit_rows):
    audit_record(action="accounts.team.created", authority=manager.authority)
    client = client_for(manager)
    assert client.get(VERIFY).status_code == 405
    response = client.post(VERIFY, follow=True)
    assert "The audit trail is intact" in response.text
    with scopes_disabled():
        verified = AuditEvent.objects.filter(action="audit.trail.verified").get()
    assert verified.data == {"intact": True, "checked": 1, "broken_sequence": None}


def test_api_lists_events_with_pagination(manager, client_for):
    for n in range(3):
        audit_record(action="accounts.team.created", authority=manager.authority, data={"n": n})
    response = client_for(manager).get("/api/v1/audit/events/", {"limit": 2, "action": "accounts.team.created"})
    body = response.json()
    assert response.status_code == 200 and body["count"] == 3 and len(body["results"]) == 2
    assert body["results"][0]["data"] == {"n": 2}
    assert set(body["results"][0]) >= {"id", "sequence", "occurred_at", "actor_label", "action", "hash", "prev_hash"}


def test_api_rejects_bad_filters(manager, client_for):
    response = client_for(manager).get("/api/v1/audit/events/", {"target_id": "x" * 65})
    assert response.status_code == 400
    assert "target_id" in response.json()["errors"]
