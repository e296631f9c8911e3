import pytest
from django.db import IntegrityError, InternalError, connection, transaction
from django.db.utils import DatabaseError
from django_scopes import ScopeError, scopes_disabled

from audit.actions import UnknownAuditAction
from audit.hashing import GENESIS_HASH
from audit.models import AppendOnlyError, AuditChainHead, AuditEvent
from audit.services import audit_record, chain_for, verify_chain

pytestmark = pytest.mark.django_db


def _events(authority):
    with scopes_disabled():
        return list(AuditEvent.objects.filter(chain=chain_for(authority.pk)).order_by("sequence"))


def test_events_chain_per_authority(home, away, lead):
    first = audit_record(action="accounts.team.created", actor=lead.user, authority=home, data={"n": 1})
    second = audit_record(action="accounts.team.created", actor=lead.user, authority=home, data={"n": 2})
    other = audit_record(action="accounts.team.created", actor=None, authority=away)

    assert (first.sequence, second.sequence, other.sequence) == (1, 2, 1)
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.hash
    assert other.prev_hash == GENESIS_HASH
    assert first.actor_label == "Test " + lead.user.last_name + " (lee.lead)"
    assert other.actor_label == "System"
    assert verify_chain(chain_for(home.pk)).ok and verify_chain(chain_for(home.pk)).checked == 2


def test_secrets_are_masked_in_data(home):
    event = audit_record(action="accounts.team.created", authority=home,
                         data={"password": "hunter2", "nested": {"api_token": "abc", "fine": 1}})
    assert event.data == {"password": "********", "nested": {"api_token": "********", "fine": 1}}


def test_unregistered_action_is_refused(home):
    with pytest.raises(UnknownAuditAction):
        audit_record(action="accounts.team.exploded", authority=home)
    assert _events(home) == []


def test_target_gives_authority_and_label(home, home_team):
    event = audit_record(action="accounts.team.created", target=home_team)
    assert event.authority_id == home.pk
    assert (event.target_type, event.target_id, event.target_label) == ("accounts.team", str(home_team.pk),
                                                                         "Front door")


def test_orm_refuses_change_and_delete(home):
    event = audit_record(action="accounts.team.created", authority=home)
    event.action = "accounts.team.renamed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with scopes_disabled(), pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")


def test_reading_events_without_a_scope_raises(home):
    audit_record(action="accounts.team.created", authority=home)
    with pytest.raises(ScopeError):
        list(AuditEvent.objects.all())


@pytest.mark.parametrize("statement", [
    "UPDATE audit_auditevent SET action = 'tampered' WHERE id = %s",
    "DELETE FROM audit_auditevent WHERE id = %s",
])
def test_database_refuses_update_and_delete(home, statement):
    event = audit_record(action="accounts.team.created", authority=home)
    with pytest.raises((InternalError, DatabaseError)) as raised, transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(statement, [event.pk])
    assert "append-only" in str(raised.value)
    assert _events(home)[0].action == "accounts.team.created"


def test_chain_head_tracks_sequence(home):
    for _ in range(3):
        audit_record(action="accounts.team.created", authority=home)
    head = AuditChainHead.objects.get(chain=chain_for(home.pk))
    assert head.sequence == 3
    assert head.last_hash == _events(home)[-1].hash


def test_sequence_is_unique_per_chain(home):
    event = audit_record(action="accounts.team.created", authority=home)
    duplicate = AuditEvent(chain=event.chain, sequence=event.sequence, occurred_at=event.occurred_at,
                           actor_label="x", action=event.action, prev_hash=event.hash, hash="f" * 64)
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_an_authority_target_goes_in_its_own_chain(home):
    event = audit_record(action="accounts.authority.created", target=home)
    assert (event.authority_id, event.chain) == (home.pk, f"authority:{home.pk}")
