"""Races, each side in its own thread with its own database connection and transaction."""

import threading
import time

import pytest
from django.db import connection
from django_scopes import scopes_disabled

from accounts.roles import Role
from core.tenancy import authority_scope
from referrals.models import Referral, ReferralTransition
from referrals.services import _common as common_services
from referrals.services import referral_decide, referral_submit
from tests.referrals.conftest import draft, make_member, submitted

pytestmark = pytest.mark.django_db(transaction=True)


def _race(calls):
    barrier = threading.Barrier(len(calls))
    outcomes = []

    def run(call):
        try:
            barrier.wait()
            outcomes.append(call())
        except Exception as error:  # noqa: BLE001 - the outcome is what the test checks
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_concurrent_submissions_get_distinct_consecutive_references(agreement, practitioner):
    drafts = [draft(practitioner) for _ in range(8)]

    def submit(referral):
        def call():
            with authority_scope(practitioner.authority_id):
                return referral_submit(referral=referral, actor_membership=practitioner).reference
        return call

    outcomes = _race([submit(referral) for referral in drafts])

    assert all(isinstance(outcome, str) for outcome in outcomes), outcomes
    assert sorted(int(reference[-6:]) for reference in outcomes) == list(range(1, 9))


def test_two_leads_deciding_at_once_one_wins_the_other_gets_invalid_transition(
        agreement, practitioner, lead, monkeypatch):
    other_lead = make_member(lead.authority, Role.SAFEGUARDING_LEAD, "liz.lead")
    referral = submitted(practitioner)
    real_record = common_services.audit_record

    def slow_record(**kwargs):
        time.sleep(0.3)  # the winner holds the row lock a while, so the loser is certainly waiting on it
        return real_record(**kwargs)

    monkeypatch.setattr(common_services, "audit_record", slow_record)

    def decide(membership, pathway):
        def call():
            with authority_scope(membership.authority_id):
                return referral_decide(referral=referral, actor_membership=membership, pathway_code=pathway,
                                       rationale="Enough information to decide on the agreed pathway.").pathway.code
        return call

    outcomes = _race([decide(lead, "early_help"), decide(other_lead, "no_further_action")])

    names = sorted(type(outcome).__name__ for outcome in outcomes)
    assert names == ["InvalidTransition", "str"], outcomes
    [winner] = [outcome for outcome in outcomes if isinstance(outcome, str)]
    with scopes_disabled():
        assert Referral.objects.get(pk=referral.pk).pathway.code == winner
        assert ReferralTransition.objects.filter(referral=referral, to_status="decided").count() == 1
