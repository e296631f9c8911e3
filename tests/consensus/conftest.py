"""Fixtures for the agreement: drafts and published versions made through the services, in ``home`` (and one
in ``away`` for cross-authority attempts). Service calls run inside the version's authority scope."""

import pytest
from django_scopes import scopes_disabled

from accounts.roles import Role
from consensus.models import ConsensusVersion, SignOffKind
from consensus.services import (
    consensus_draft_create,
    consensus_version_publish,
    consensus_version_sign_off,
    consensus_version_submit_for_review,
)
from core.tenancy import authority_scope
from tests.factories import MembershipFactory, TOTPDeviceFactory, UserFactory


def make_member(authority, role, username, team=None):
    with scopes_disabled():
        user = UserFactory(username=username)
        TOTPDeviceFactory(user=user)
        return MembershipFactory(user=user, authority=authority, role=role, team=team)


def submit_and_sign(version, *, lead, manager) -> ConsensusVersion:
    with authority_scope(version.authority_id):
        version = consensus_version_submit_for_review(version=version, actor_membership=lead)
        consensus_version_sign_off(version=version, kind=SignOffKind.STRATEGIC, actor_membership=manager)
        consensus_version_sign_off(version=version, kind=SignOffKind.FRONTLINE, actor_membership=lead)
        return version


def publish(version, *, lead, manager) -> ConsensusVersion:
    version = submit_and_sign(version, lead=lead, manager=manager)
    with authority_scope(version.authority_id):
        return consensus_version_publish(version=version, actor_membership=manager)


def new_draft(membership, **kwargs) -> ConsensusVersion:
    with authority_scope(membership.authority_id):
        return consensus_draft_create(actor_membership=membership, **kwargs)


@pytest.fixture
def home_scope(home):
    with authority_scope(home.pk):
        yield


@pytest.fixture
def draft(admin_member):
    """Version 1 of ``home``: the starter agreement, as a draft."""
    return new_draft(admin_member)


@pytest.fixture
def published(draft, lead, manager):
    """Version 1 of ``home``, published."""
    return publish(draft, lead=lead, manager=manager)


@pytest.fixture
def second_draft(published, admin_member):
    """Version 2 of ``home``: a draft copied from the published version 1."""
    return new_draft(admin_member, summary="Second version")


@pytest.fixture
def away_admin(away):
    return make_member(away, Role.AUTHORITY_ADMIN, "ola.awayadmin")


@pytest.fixture
def away_published(away, away_admin):
    """``away``'s own published agreement."""
    lead = make_member(away, Role.SAFEGUARDING_LEAD, "lou.awaylead")
    return publish(new_draft(away_admin), lead=lead, manager=make_member(away, Role.MANAGER, "mo.awaymanager"))


def in_home(version):
    """Re-read ``version`` fresh from the database."""
    with scopes_disabled():
        return ConsensusVersion.objects.get(pk=version.pk)
