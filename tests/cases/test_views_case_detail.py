"""/cases/<id>/: the case page (summary, tags, banners, the actions box, reviews and closures), recorded on every
view (case_record_view); and the break-glass page a lead or manager gets instead for a restricted case of their
authority they have no access to."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from accounts.roles import Role
from audit.models import AuditEvent
from cases.models import BreakGlassAccess, Case
from cases.services import (
    case_assign,
    case_break_glass,
    case_record_view,
    case_set_restricted,
    closure_decide,
    closure_propose,
    note_add,
)
from cases.services._common import today
from core.exceptions import PermissionDenied
from core.tenancy import authority_scope
from referrals.services import referral_decide
from tests.cases.conftest import fresh_case, open_case
from tests.referrals.conftest import make_member, submitted

pytestmark = pytest.mark.django_db

# Session, user, OTP device and membership (4); the request's savepoint and its release (2); the case with its
# person, team, people and referral (1); the view's audit event with the policy's grant check (9, the grants are then
# remembered for the actions box); reviews, closures and break-glass access (3); the records' sections (7); the
# session's update (3).
QUERIES = 29


def act(membership, service, **kwargs):
    with authority_scope(membership.authority_id):
        return service(actor_membership=membership, **kwargs)


def opened_case(practitioner, lead):
    referral = submitted(practitioner)
    with authority_scope(lead.authority_id):
        referral_decide(referral=referral, actor_membership=lead, pathway_code="channel",
                        rationale="Ideology and intent present; Channel support could reduce the risk.")
    with scopes_disabled():
        return Case.objects.select_related("referral").get(referral_id=referral.pk)


def page(case):
    return reverse("cases:detail", args=[case.pk])


def restricted_case(case, lead, worker):
    """``case`` with ``worker`` as lead worker, restricted by ``lead`` (who keeps named access)."""
    act(lead, case_assign, case=case, lead_worker_id=worker.user_id)
    act(lead, case_set_restricted, case=case, restricted=True, reason="The person is related to a member of staff.")
    return fresh_case(case)


def audit_count():
    with scopes_disabled():
        return AuditEvent.objects.count()


def test_a_lead_reads_the_case_and_the_view_is_recorded(agreement, practitioner, lead, client_for, audit_rows):
    case = opened_case(practitioner, lead)
    seen = len(audit_rows())
    response = client_for(lead).get(page(case))
    assert response.status_code == 200
    text = response.text
    assert f'<h1 class="govuk-heading-l">{case.reference}</h1>' in text
    for shown in ("Jamie Calloway", ">Open</strong>", "Prevent team", "Not allocated yet", f"by {lead.user}",
                  f'href="{reverse("referrals:detail", args=[case.referral_id])}">Referral {case.referral.reference}',
                  "Refer to the police Prevent gateway for Channel consideration", "Not assessed yet",
                  "Assessment due", "What you can do", "Choose a lead worker", "Start the assessment",
                  "Restrict the case", "Propose closing the case", "The first review is booked when the support"):
        assert shown in text, shown
    assert "Restricted case" not in text and "without access opened this case" not in text
    assert audit_rows()[seen:] == [("cases.case.viewed", "lee.lead")]


def test_a_practitioner_sees_only_the_cases_they_lead_and_loses_them_when_reassigned(
        agreement, practitioner, lead, home, client_for):
    case = opened_case(practitioner, lead)
    client = client_for(practitioner)
    assert client.get(page(case)).status_code == 404
    act(lead, case_assign, case=case, lead_worker_id=practitioner.user_id)
    response = client.get(page(case))
    assert response.status_code == 200
    assert "Start the assessment" in response.text and "Propose closing the case" in response.text
    assert "Choose a lead worker" not in response.text and "Restrict the case" not in response.text
    other = make_member(home, Role.PRACTITIONER, "olly.other")
    act(lead, case_assign, case=fresh_case(case), lead_worker_id=other.user_id)
    assert client.get(page(case)).status_code == 404
    assert client_for(other).get(page(case)).status_code == 200


def test_case_page_checklist(agreement, practitioner, lead, outsider, admin_member, dpo, client_for):
    case = opened_case(practitioner, lead)
    assert client_for(lead).post(page(case)).status_code == 405
    assert client_for(outsider).get(page(case)).status_code == 404
    assert client_for(admin_member).get(page(case)).status_code == 403
    assert client_for(dpo).get(page(case)).status_code == 403
    assert client_for(lead).get(reverse("cases:detail", args=[999999])).status_code == 404


def _notes_and_closures(case, worker, lead, manager, count):
    """``count`` notes, and ``count`` closure proposals by ``worker`` that ``manager`` declined."""
    for number in range(count):
        act(worker, note_add, case=case, kind="note", occurred_on=today(), text=f"Home visit number {number}.")
        closure = act(worker, closure_propose, case=case, reason="vulnerability_reduced", summary="Doing well.")
        act(manager, closure_decide, closure=closure, approve=False, note="Keep the mentoring going for now.")


def _queries(client, case) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page(case)).status_code == 200
    return len(queries)


def test_the_page_runs_a_fixed_number_of_queries_however_many_records(
        agreement, practitioner, lead, manager, client_for, django_assert_num_queries):
    small, large = opened_case(practitioner, lead), opened_case(practitioner, lead)
    for case in (small, large):
        act(lead, case_assign, case=case, lead_worker_id=practitioner.user_id)
    _notes_and_closures(small, practitioner, lead, manager, 1)
    _notes_and_closures(large, practitioner, lead, manager, 5)
    client = client_for(lead)
    with django_assert_num_queries(QUERIES):
        assert client.get(page(small)).status_code == 200
    assert _queries(client, large) == QUERIES
    text = client.get(page(large)).text
    assert text.count("Closure not approved") == 5


def test_case_record_view_refuses_someone_who_may_not_see_the_case(agreement, practitioner, lead, home):
    case = opened_case(practitioner, lead)
    other = make_member(home, Role.PRACTITIONER, "olly.other")
    with authority_scope(home.pk), pytest.raises(PermissionDenied):
        case_record_view(case=case, actor_membership=other)


# --- Restricted cases and breaking glass ------------------------------------------------------------------------

def test_a_restricted_case_shows_its_banner_to_the_people_with_access(case, practitioner, lead, client_for):
    case = restricted_case(case, lead, practitioner)
    for member in (practitioner, lead):
        response = client_for(member).get(page(case))
        assert response.status_code == 200
        assert "Restricted case" in response.text
        assert "Only the people given access by name can see this case." in response.text
    assert "See or change who has access" in client_for(lead).get(page(case)).text
    assert "See or change who has access" not in client_for(practitioner).get(page(case)).text


def test_a_lead_without_access_gets_the_break_glass_page_which_tells_nothing_but_the_reference(
        case, practitioner, lead, manager, home, client_for, audit_rows):
    case = restricted_case(case, lead, practitioner)
    seen = len(audit_rows())
    response = client_for(manager).get(page(case))
    assert response.status_code == 403
    text = response.text
    assert "This case is restricted" in text and case.reference in text
    assert f'action="{reverse("cases:break_glass", args=[case.pk])}"' in text
    for hidden in ("Jamie", "Calloway", str(practitioner.user), "Children team", ">Open<", "Testtown"):
        assert hidden not in text, hidden
    assert audit_rows()[seen:] == []
    # A practitioner without a grant, and anyone in another authority, find nothing there at all.
    other = make_member(home, Role.PRACTITIONER, "olly.other")
    assert client_for(other).get(page(case)).status_code == 404
    assert client_for(other).get(reverse("cases:break_glass", args=[case.pk])).status_code == 403


def test_breaking_glass_needs_a_reason_then_opens_the_case_for_an_hour(
        case, practitioner, lead, manager, client_for, audit_rows):
    case = restricted_case(case, lead, practitioner)
    client = client_for(manager)
    url = reverse("cases:break_glass", args=[case.pk])
    assert client.get(url).status_code == 403
    before = audit_count()
    for reason, message in (("", "Say why you need to see this case now"),
                            ("Urgent", "Give a reason of at least 10 characters")):
        response = client.post(url, {"reason": reason})
        assert response.status_code == 400
        assert f'<p id="id_reason-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:' \
               f'</span> {message}</p>' in response.text
        assert "There is a problem" in response.text
    with scopes_disabled():
        assert not BreakGlassAccess.objects.exists()
    assert audit_count() == before

    seen = len(audit_rows())
    reason = "The police asked about the person this morning and the lead worker is on leave."
    response = client.post(url, {"reason": reason})
    assert response.status_code == 302 and response.url == page(case)
    response = client.get(page(case))
    assert response.status_code == 200
    assert "You can see this case until" in response.text
    assert "Someone without access opened this case in the last 30 days" in response.text
    assert reason in response.text
    assert audit_rows()[seen:] == [("cases.case.glass_broken", "max.manager"), ("cases.case.viewed", "max.manager")]
    # The other leads see who broke glass, when and why, on the case page.
    text = client_for(lead).get(page(case)).text
    assert "Someone without access opened this case" in text and str(manager.user) in text and reason in text
    # The break-glass page itself now goes straight to the case.
    assert client.get(url).url == page(case)


def test_break_glass_access_ends_after_an_hour(case, practitioner, lead, manager, client_for):
    case = restricted_case(case, lead, practitioner)
    act(manager, case_break_glass, case_id=case.pk, reason="Checking a police enquiry about the person.",
        at=timezone.now() - dt.timedelta(minutes=61))
    response = client_for(manager).get(page(case))
    assert response.status_code == 403
    assert "This case is restricted" in response.text


def test_break_glass_is_refused_to_the_wrong_roles_and_other_authorities(
        case, practitioner, lead, outsider, admin_member, dpo, client_for):
    case = restricted_case(case, lead, practitioner)
    url = reverse("cases:break_glass", args=[case.pk])
    reason = {"reason": "I need to see this case for a strategy meeting."}
    for member in (admin_member, dpo, practitioner):
        assert client_for(member).post(url, reason).status_code == 403
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(outsider).post(url, reason).status_code == 404
    assert client_for(outsider).get(page(case)).status_code == 404
    with scopes_disabled():
        assert not BreakGlassAccess.objects.exists()


def test_an_unrestricted_case_of_another_authority_is_not_found_even_for_a_manager(
        agreement, away_agreement, outsider, lead, practitioner, client_for):
    case = open_case(practitioner, lead)
    assert client_for(outsider).get(page(case)).status_code == 404
    assert client_for(outsider).get(reverse("cases:break_glass", args=[case.pk])).status_code == 404
