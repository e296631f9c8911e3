"""verify_audit finds edits, deletions and reordering made behind the application's back.

Tampering needs the append-only trigger out of the way, as an attacker with database superuser rights could do;
each test disables it inside its own transaction, which the test then rolls back.
"""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from audit.services import audit_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(home):
    return [audit_record(action="accounts.team.created", authority=home, data={"n": n}) for n in range(5)]


def _tamper(sql, params):
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE refuses pending deferred FK checks
        cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_append_only")
        cursor.execute(sql, params)
        cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_auditevent_append_only")


def _verify(code="TST"):
    call_command("verify_audit", "--authority", code)


def test_intact_chain_passes(chain, capsys):
    _verify()
    assert "intact (5 events)" in capsys.readouterr().out


def test_edited_event_is_named(chain, capsys):
    _tamper("UPDATE audit_auditevent SET data = '{\"n\": 99}' WHERE id = %s", [chain[2].pk])
    with pytest.raises(CommandError) as raised:
        _verify()
    assert raised.value.returncode == 1
    err = capsys.readouterr().err
    assert f"event number 3 (event id {chain[2].pk})" in err and "edited" in err


def test_deleted_event_is_named(chain, capsys):
    _tamper("DELETE FROM audit_auditevent WHERE id = %s", [chain[1].pk])
    with pytest.raises(CommandError):
        _verify()
    err = capsys.readouterr().err
    assert f"event id {chain[2].pk}" in err and "missing" in err


def test_deleted_newest_event_is_detected(chain, capsys):
    _tamper("DELETE FROM audit_auditevent WHERE id = %s", [chain[4].pk])
    with pytest.raises(CommandError):
        _verify()
    assert "newest events deleted" in capsys.readouterr().err


def test_reordered_events_are_named(chain, capsys):
    # Swap the positions of events 2 and 3: each still hashes to itself, but the order no longer follows
    # the chain, so the event now in position 2 is named.
    _tamper("UPDATE audit_auditevent SET sequence = 1000 WHERE id = %s", [chain[1].pk])
    _tamper("UPDATE audit_auditevent SET sequence = 2 WHERE id = %s", [chain[2].pk])
    _tamper("UPDATE audit_auditevent SET sequence = 3 WHERE id = %s", [chain[1].pk])
    with pytest.raises(CommandError):
        _verify()
    err = capsys.readouterr().err
    assert f"event number 2 (event id {chain[2].pk})" in err and "reordered" in err


def test_unknown_authority_is_a_clear_error(chain):
    with pytest.raises(CommandError, match="No authority with code 'NOPE'"):
        _verify("NOPE")


def test_other_chains_are_unaffected(chain, away, capsys):
    audit_record(action="accounts.team.created", authority=away)
    _tamper("UPDATE audit_auditevent SET data = '{}' WHERE id = %s", [chain[0].pk])
    with pytest.raises(CommandError, match="1 audit chain"):
        call_command("verify_audit")
    out = capsys.readouterr().out
    assert f"authority:{away.pk}: intact (1 events)" in out
