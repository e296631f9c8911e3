"""/cases/<id>/: the case a decision opened, read-only, with every view recorded (case_record_view)."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from accounts.roles import Role
from cases.models import Case
from cases.services import case_record_view
from core.exceptions import PermissionDenied
from core.tenancy import authority_scope
from referrals.services import referral_decide
from tests.referrals.conftest import make_member, submitted

pytestmark = pytest.mark.django_db

# Session, user, OTP device and membership (4); the case with its person, team, people and referral (1); the view's
# audit event (8); the request's savepoint (2) and the session's update (3).
QUERIES = 18


def opened_case(practitioner, lead):
    referral = submitted(practitioner)
    with authority_scope(lead.authority_id):
        referral_decide(referral=referral, actor_membership=lead, pathway_code="channel",
                        rationale="Ideology and intent present; Channel support could reduce the risk.")
    with scopes_disabled():
        return Case.objects.select_related("referral").get(referral_id=referral.pk)


def page(case):
    return reverse("cases:detail", args=[case.pk])


def test_a_lead_reads_the_case_and_the_view_is_recorded(agreement, practitioner, lead, client_for, audit_rows):
    case = opened_case(practitioner, lead)
    seen = len(audit_rows())
    response = client_for(lead).get(page(case))
    assert response.status_code == 200
    text = response.text
    assert f'<h1 class="govuk-heading-l">{case.reference}</h1>' in text
    for shown in ("Jamie Calloway", "Open", "Prevent team", "Not allocated yet", f"by {lead.user}",
                  f'href="{reverse("referrals:detail", args=[case.referral_id])}">Referral {case.referral.reference}',
                  "Refer to the police Prevent gateway for Channel consideration"):
        assert shown in text, shown
    assert audit_rows()[seen:] == [("cases.case.viewed", "lee.lead")]


def test_a_practitioner_sees_only_the_cases_they_lead(agreement, practitioner, lead, client_for):
    case = opened_case(practitioner, lead)
    assert client_for(practitioner).get(page(case)).status_code == 404
    with scopes_disabled():
        Case.objects.filter(pk=case.pk).update(lead_worker=practitioner.user)
    assert client_for(practitioner).get(page(case)).status_code == 200


def test_case_page_checklist(agreement, practitioner, lead, outsider, admin_member, dpo, client_for):
    case = opened_case(practitioner, lead)
    assert client_for(lead).post(page(case)).status_code == 405
    assert client_for(outsider).get(page(case)).status_code == 404
    assert client_for(admin_member).get(page(case)).status_code == 403
    assert client_for(dpo).get(page(case)).status_code == 403
    assert client_for(lead).get(reverse("cases:detail", args=[999999])).status_code == 404


def test_the_page_runs_a_fixed_number_of_queries(agreement, practitioner, lead, client_for,
                                                 django_assert_num_queries):
    case = opened_case(practitioner, lead)
    client = client_for(lead)
    with django_assert_num_queries(QUERIES):
        assert client.get(page(case)).status_code == 200


def test_case_record_view_refuses_someone_who_may_not_see_the_case(agreement, practitioner, lead, home):
    case = opened_case(practitioner, lead)
    other = make_member(home, Role.PRACTITIONER, "olly.other")
    with authority_scope(home.pk), pytest.raises(PermissionDenied):
        case_record_view(case=case, actor_membership=other)
