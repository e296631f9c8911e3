"""Published and superseded versions cannot change, whoever writes: the database triggers refuse raw SQL too."""

import importlib

import pytest
from django.db import DatabaseError, connection, transaction
from django_scopes import ScopeError, scopes_disabled

from consensus.models import ConsensusVersion, Definition, SignOff, VersionStatus
from core.exceptions import PermissionDenied
from tests.consensus.conftest import new_draft, publish, submit_and_sign

pytestmark = pytest.mark.django_db
triggers = importlib.import_module("consensus.migrations.0002_immutability_triggers")


def _sql(statement, params):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, params)


def _refused(statement, params, message):
    with pytest.raises(DatabaseError) as raised:
        _sql(statement, params)
    assert message in str(raised.value)


def _part_id(version, table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {table} WHERE version_id = %s ORDER BY id LIMIT 1", [version.pk])  # noqa: S608
        return cursor.fetchone()[0]


@pytest.mark.parametrize("table", triggers.PART_TABLES)
def test_parts_of_a_published_version_refuse_update_and_delete(published, table):
    part = _part_id(published, table)
    _refused(f"UPDATE {table} SET updated_at = now() WHERE id = %s", [part], "not a draft: UPDATE")  # noqa: S608
    _refused(f"DELETE FROM {table} WHERE id = %s", [part], "not a draft: DELETE")  # noqa: S608


def test_parts_cannot_be_added_to_a_published_version(published, home):
    _refused("INSERT INTO consensus_definition (created_at, updated_at, authority_id, version_id, code, position, "
             "term, wording, guidance) VALUES (now(), now(), %s, %s, 'sneaky', 0, 'Sneaky', 'x', '')",
             [home.pk, published.pk], "not a draft: INSERT")


def test_wording_of_a_published_definition_is_unchanged_after_refusal(published):
    with scopes_disabled():
        definition = Definition.objects.filter(version=published).first()
    _refused("UPDATE consensus_definition SET wording = 'rewritten' WHERE id = %s", [definition.pk], "not a draft")
    with scopes_disabled():
        definition.refresh_from_db()
    assert definition.wording != "rewritten"


def test_parts_of_a_version_in_review_are_frozen_too(draft, lead, manager):
    submit_and_sign(draft, lead=lead, manager=manager)
    part = _part_id(draft, "consensus_responsepathway")
    _refused("UPDATE consensus_responsepathway SET timescale_working_days = 9 WHERE id = %s", [part],
             "is in_review, not a draft")


def test_parts_of_a_draft_can_change(draft):
    part = _part_id(draft, "consensus_definition")
    _sql("UPDATE consensus_definition SET wording = 'Local wording' WHERE id = %s", [part])
    with scopes_disabled():
        assert Definition.objects.get(pk=part).wording == "Local wording"


@pytest.mark.parametrize("assignment", ["summary = 'rewritten'", "number = 99", "published_at = now()",
                                        "status = 'draft'", "status = 'in_review'", "based_on_id = id"])
def test_published_version_columns_are_frozen(published, assignment):
    _refused(f"UPDATE consensus_consensusversion SET {assignment} WHERE id = %s", [published.pk],  # noqa: S608
             "only the move to superseded is allowed")


def test_published_version_can_move_to_superseded_and_then_nothing(published):
    _sql("UPDATE consensus_consensusversion SET status = 'superseded', superseded_at = now() WHERE id = %s",
         [published.pk])
    _refused("UPDATE consensus_consensusversion SET status = 'published' WHERE id = %s", [published.pk],
             "is superseded: UPDATE refused")
    _refused("UPDATE consensus_consensusversion SET summary = 'x' WHERE id = %s", [published.pk], "superseded")


def test_only_drafts_can_be_deleted_or_inserted_otherwise(published, home, admin_member):
    _refused("DELETE FROM consensus_consensusversion WHERE id = %s", [published.pk], "only drafts can be deleted")
    _refused("INSERT INTO consensus_consensusversion (created_at, updated_at, authority_id, number, status, summary, "
             "created_by_id, published_at) VALUES (now(), now(), %s, 7, 'published', '', %s, now())",
             [home.pk, admin_member.user_id], "starts as a draft")


def test_publishing_needs_both_sign_offs_in_the_database(draft):
    _sql("UPDATE consensus_consensusversion SET status = 'in_review' WHERE id = %s", [draft.pk])
    _refused("UPDATE consensus_consensusversion SET status = 'published', published_at = now() WHERE id = %s",
             [draft.pk], "needs to be in review with both sign-offs")


def test_sign_offs_are_only_given_in_review_and_never_edited(published):
    with scopes_disabled():
        sign_off = SignOff.objects.filter(version=published).first()
    _refused("UPDATE consensus_signoff SET role = 'manager' WHERE id = %s", [sign_off.pk], "cannot be changed")
    _refused("DELETE FROM consensus_signoff WHERE id = %s", [sign_off.pk], "not in review")


def test_the_same_person_cannot_sign_twice_in_the_database(draft, lead, manager):
    submit_and_sign(draft, lead=lead, manager=manager)
    with scopes_disabled():
        sign_off = SignOff.objects.filter(version=draft, kind="strategic").get()
    _sql("DELETE FROM consensus_signoff WHERE id = %s", [sign_off.pk])
    _refused("INSERT INTO consensus_signoff (created_at, updated_at, authority_id, version_id, kind, signed_by_id, "
             "role, signed_at) VALUES (now(), now(), %s, %s, 'strategic', %s, 'manager', now())",
             [draft.authority_id, draft.pk, lead.user_id], "consensus_signoff_two_people")


def test_sqlite_trigger_freezes_every_column_but_the_supersede_ones():
    columns = {field.column for field in ConsensusVersion._meta.concrete_fields}
    assert columns - set(triggers.VERSION_FROZEN_COLUMNS) == {"status", "superseded_at", "updated_at"}


def test_another_authority_cannot_even_read_the_version(published, away, away_admin, in_scope):
    with in_scope(away.pk), pytest.raises(ConsensusVersion.DoesNotExist):
        ConsensusVersion.objects.get(pk=published.pk)
    with pytest.raises(ScopeError):
        list(ConsensusVersion.objects.all())


def test_wrong_role_cannot_publish_a_new_version_over_it(published, admin_member, lead, practitioner):
    second = new_draft(admin_member)
    with pytest.raises(PermissionDenied):
        publish(second, lead=lead, manager=practitioner)
    with scopes_disabled():
        assert ConsensusVersion.objects.get(pk=published.pk).status == VersionStatus.PUBLISHED
