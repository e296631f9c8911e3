"""Two people press "publish" at the same moment: exactly one succeeds, the other is told it is already done.

Each thread has its own database connection and transaction. The first to lock the authority's versions holds
the lock while it writes (slowed down here so the second is certainly waiting on it); the second then re-reads
the version, finds it published, and gets InvalidTransition.
"""

import threading
import time

import pytest
from django.db import connection
from django_scopes import scopes_disabled

from accounts.roles import Role
from consensus.models import ConsensusVersion, VersionStatus
from consensus.services import consensus_version_publish
from consensus.services import lifecycle as lifecycle_services
from core.exceptions import InvalidTransition, PermissionDenied
from core.tenancy import authority_scope
from tests.consensus.conftest import make_member, new_draft, publish, submit_and_sign

pytestmark = pytest.mark.django_db(transaction=True)


def _race(version, memberships, monkeypatch):
    real_audit = lifecycle_services.audit_record

    def slow_audit(**kwargs):
        time.sleep(0.3)
        return real_audit(**kwargs)

    monkeypatch.setattr(lifecycle_services, "audit_record", slow_audit)
    barrier = threading.Barrier(len(memberships))
    outcomes = []

    def attempt(membership):
        try:
            barrier.wait()
            with authority_scope(membership.authority_id):
                consensus_version_publish(version=version, actor_membership=membership)
            outcomes.append("published")
        except Exception as error:  # noqa: BLE001 - the outcome is what the test checks
            outcomes.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(membership,)) for membership in memberships]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes)


def test_two_concurrent_publishes_exactly_one_wins(home, admin_member, lead, manager, monkeypatch):
    first = publish(new_draft(admin_member), lead=lead, manager=manager)
    second = submit_and_sign(new_draft(admin_member), lead=lead, manager=manager)
    other_manager = make_member(home, Role.MANAGER, "mia.manager")

    outcomes = _race(second, [manager, other_manager], monkeypatch)

    assert outcomes == ["InvalidTransition", "published"]
    with scopes_disabled():
        statuses = dict(ConsensusVersion.objects.filter(authority=home).values_list("number", "status"))
    assert statuses == {first.number: VersionStatus.SUPERSEDED, second.number: VersionStatus.PUBLISHED}


def test_the_loser_is_told_plainly(home, admin_member, lead, manager):
    version = publish(new_draft(admin_member), lead=lead, manager=manager)
    with authority_scope(home.pk), pytest.raises(InvalidTransition, match="is published, so it cannot be"):
        consensus_version_publish(version=version, actor_membership=manager)


def test_no_race_lets_the_wrong_role_or_another_authority_publish(home, away, admin_member, lead, manager,
                                                                  practitioner, outsider, monkeypatch):
    version = submit_and_sign(new_draft(admin_member), lead=lead, manager=manager)

    outcomes = _race(version, [practitioner, outsider], monkeypatch)

    assert outcomes == sorted([PermissionDenied.__name__, ConsensusVersion.DoesNotExist.__name__])
    with scopes_disabled():
        assert ConsensusVersion.objects.get(pk=version.pk).status == VersionStatus.IN_REVIEW
