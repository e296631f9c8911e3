"""Routing and due times follow the authority's agreement, and each referral keeps the version it was made under."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django_scopes import scopes_disabled

from consensus.models import SubjectGroup
from tests.referrals.conftest import fresh, republish, submitted

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def london(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=LONDON)


def test_publishing_a_new_agreement_changes_routing_but_not_earlier_referrals(
        agreement, practitioner, lead, manager, admin_member, teams):
    before = submitted(practitioner)
    newer = republish(practitioner.authority, admin=admin_member, lead=lead, manager=manager,
                      screening_child_team=teams["prevent"])
    after = submitted(practitioner)

    before, after = fresh(before), fresh(after)
    assert (before.routed_team, before.consensus_version_id) == (teams["children"], agreement.pk)
    assert (after.routed_team, after.consensus_version_id) == (teams["prevent"], newer.pk)
    assert after.subject_group == before.subject_group == SubjectGroup.CHILD


@pytest.mark.parametrize(("submitted_at", "days", "due"), [
    (london(2025, 3, 5, 10, 0), 1, london(2025, 3, 6, 17, 0)),     # Wednesday -> Thursday
    (london(2025, 3, 7, 10, 0), 1, london(2025, 3, 10, 17, 0)),    # Friday -> Monday
    (london(2025, 3, 7, 22, 30), 2, london(2025, 3, 11, 17, 0)),   # Friday night, two days -> Tuesday
    (london(2025, 5, 23, 9, 0), 1, london(2025, 5, 27, 17, 0)),    # Friday before the spring bank holiday
    (london(2025, 5, 23, 9, 0), 2, london(2025, 5, 28, 17, 0)),
    (london(2025, 12, 24, 12, 0), 1, london(2025, 12, 29, 17, 0)),  # Christmas Eve -> after Boxing Day
])
def test_the_decision_is_due_in_the_agreements_working_days(agreement, practitioner, lead, manager, admin_member,
                                                             submitted_at, days, due):
    if days != 1:
        republish(practitioner.authority, admin=admin_member, lead=lead, manager=manager, decision_days=days)
    referral = submitted(practitioner, at=submitted_at)
    assert referral.decision_due_at == due
    assert referral.submitted_at == submitted_at


def test_a_backdated_submission_takes_its_reference_year_and_age_from_that_date(agreement, practitioner):
    referral = submitted(practitioner, at=london(2025, 1, 10, 12, 0), date_of_birth=dt.date(2007, 6, 1))
    assert referral.reference.startswith("TST-2025-")
    assert referral.subject_group == SubjectGroup.CHILD  # 17 then, an adult now
    with scopes_disabled():
        assert referral.transitions.get().at == london(2025, 1, 10, 12, 0)


def test_backdated_history_must_stay_in_order(agreement, practitioner, lead):
    from core.tenancy import authority_scope
    from referrals.services import referral_start_screening

    referral = submitted(practitioner, at=london(2025, 3, 5, 10, 0))
    with authority_scope(lead.authority_id), pytest.raises(ValueError):
        referral_start_screening(referral=referral, actor_membership=lead, at=london(2025, 3, 4, 10, 0))
    with authority_scope(lead.authority_id):
        referral = referral_start_screening(referral=referral, actor_membership=lead, at=london(2025, 3, 5, 11, 0))
    assert referral.screening_started_at == london(2025, 3, 5, 11, 0)
