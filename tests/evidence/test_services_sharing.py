"""Sharing the evidence base: an authority administrator's setting, audited; nobody else may change it."""

import pytest
from django_scopes import scopes_disabled

from core.exceptions import FieldErrors, PermissionDenied
from core.tenancy import authority_scope
from evidence.models import EvidenceSharing
from evidence.services import evidence_sharing_set, opted_in_authority_ids
from tests.evidence.conftest import share

pytestmark = pytest.mark.django_db


def test_an_administrator_turns_sharing_on_and_off_and_each_change_is_audited(admin_member, audit_rows):
    row = share(admin_member)
    assert row.opted_in and row.changed_by == admin_member.user and row.changed_at is not None
    assert opted_in_authority_ids() == [admin_member.authority_id]
    share(admin_member, opted_in=False)
    assert opted_in_authority_ids() == []
    assert audit_rows() == [("evidence.sharing.opted_in", "ada.admin"), ("evidence.sharing.opted_out", "ada.admin")]


def test_setting_it_to_what_it_is_writes_nothing(admin_member, audit_rows):
    share(admin_member)
    share(admin_member)
    assert audit_rows() == [("evidence.sharing.opted_in", "ada.admin")]


@pytest.mark.parametrize("persona", ["lead", "manager", "practitioner", "dpo"])
def test_only_an_authority_administrator_may_change_it(persona, request, audit_rows):
    member = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied), authority_scope(member.authority_id):
        evidence_sharing_set(actor_membership=member, opted_in=True)
    with scopes_disabled():
        assert not EvidenceSharing.objects.exists()
    assert audit_rows() == []


def test_an_administrator_changes_only_their_own_authority(admin_member, outsider_admin):
    share(outsider_admin)
    assert opted_in_authority_ids() == [outsider_admin.authority_id]


def test_the_answer_must_be_yes_or_no(admin_member):
    with pytest.raises(FieldErrors) as refused, authority_scope(admin_member.authority_id):
        evidence_sharing_set(actor_membership=admin_member, opted_in="yes")
    assert "opted_in" in refused.value.as_errors()
