"""Fixtures for cases: a case opened the real way (a referral submitted and decided through the services), in
``home``, with no lead worker yet."""

import pytest
from django_scopes import scopes_disabled

from cases.models import Case
from core.tenancy import authority_scope
from referrals.services import referral_decide
from tests.referrals.conftest import agreement, away_agreement, children_lead, submitted, teams  # noqa: F401


def open_case(author, decider, *, pathway="child_in_need", **referral_overrides) -> Case:
    """Submit a referral as ``author`` and decide it as ``decider`` on a pathway that opens a case; return the
    case (read with scopes disabled, as a fixture)."""
    referral = submitted(author, **referral_overrides)
    with authority_scope(decider.authority_id):
        referral_decide(referral=referral, actor_membership=decider, pathway_code=pathway,
                        rationale="The agreed threshold for this pathway is met.")
    with scopes_disabled():
        return Case.objects.select_related("subject", "consensus_version").get(referral_id=referral.pk)


def fresh_case(case: Case) -> Case:
    with scopes_disabled():
        return Case.objects.get(pk=case.pk)


@pytest.fixture
def case(agreement, practitioner, lead):  # noqa: F811 (agreement is the imported fixture)
    """An open case in ``home`` (children's team, no lead worker), from a referral ``practitioner`` made."""
    return open_case(practitioner, lead)
