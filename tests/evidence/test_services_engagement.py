"""The community engagement log: recorded by administrators, leads and managers, with field errors for a bad date
or attendance; changes audited without free text."""

import datetime as dt

import pytest
from django_scopes import scopes_disabled

from audit.models import AuditEvent
from core.exceptions import FieldErrors, PermissionDenied
from core.tenancy import authority_scope
from evidence.models import CommunityEngagement
from evidence.services import engagement_record, engagement_update

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()
SESSION = {"held_on": TODAY - dt.timedelta(days=3), "audience": "faith", "topic": "How to raise a concern",
           "attendance": 24, "partners": "Testtown Interfaith Forum", "notes": "Asked for a follow-up in spring."}


def record(member, **overrides):
    with authority_scope(member.authority_id):
        return engagement_record(actor_membership=member, data={**SESSION, **overrides})


@pytest.mark.parametrize("persona", ["admin_member", "lead", "manager"])
def test_administrators_leads_and_managers_record_sessions(persona, request, audit_rows):
    member = request.getfixturevalue(persona)
    session = record(member)
    assert (session.attendance, session.recorded_by, session.authority_id) == (24, member.user, member.authority_id)
    assert audit_rows() == [("evidence.engagement.recorded", member.user.username)]


@pytest.mark.parametrize("persona", ["practitioner", "dpo"])
def test_other_roles_cannot(persona, request):
    with pytest.raises(PermissionDenied):
        record(request.getfixturevalue(persona))


@pytest.mark.parametrize("overrides, field, message", [
    ({"attendance": -1}, "attendance", "How many people came must be 0 or more"),
    ({"attendance": "lots"}, "attendance", "How many people came must be a whole number, like 12"),
    ({"attendance": None}, "attendance", "Enter how many people came"),
    ({"attendance": 10_001}, "attendance", "How many people came must be 10,000 or fewer"),
    ({"held_on": TODAY + dt.timedelta(days=1)}, "held_on", "The date of the session must be today or in the past"),
    ({"held_on": None}, "held_on", "Enter the date of the session"),
    ({"held_on": dt.date(1999, 12, 31)}, "held_on", "The date of the session must be 1 January 2000 or later"),
    ({"audience": "martians"}, "audience", "Choose who the session was for"),
    ({"topic": "  "}, "topic", "Enter what the session was about"),
    ({"partners": "x" * 301}, "partners", "This must be 300 characters or fewer"),
])
def test_bad_input_gets_a_field_error_and_writes_nothing(admin_member, overrides, field, message, audit_rows):
    with pytest.raises(FieldErrors) as refused:
        record(admin_member, **overrides)
    assert refused.value.as_errors()[field] == [message]
    with scopes_disabled():
        assert not CommunityEngagement.objects.exists()
    assert audit_rows() == []


def test_a_session_is_corrected_and_only_numbers_and_dates_go_into_the_audit_trail(admin_member, lead):
    session = record(admin_member)
    with authority_scope(lead.authority_id):
        engagement_update(engagement=session, actor_membership=lead, data={"attendance": 26, "notes": "Renamed."})
        unchanged = engagement_update(engagement=session, actor_membership=lead, data={"attendance": 26})
    assert unchanged.attendance == 26
    with scopes_disabled():
        event = AuditEvent.objects.filter(action="evidence.engagement.changed").get()
    assert event.data["fields"] == ["attendance", "notes"]
    assert event.data["old"] == {"attendance": 24} and event.data["new"] == {"attendance": 26}
    assert "Renamed" not in str(event.data)


def test_another_authority_cannot_change_a_session(admin_member, outsider_admin):
    session = record(admin_member)
    with pytest.raises(CommunityEngagement.DoesNotExist), authority_scope(outsider_admin.authority_id):
        engagement_update(engagement=session, actor_membership=outsider_admin, data={"attendance": 1})
