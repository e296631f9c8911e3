"""Fixtures for referrals: ``home``'s agreement published with its teams, complete referral data, and helpers
that make referrals through the services (inside ``home``'s scope, as a request would)."""

import datetime as dt

import pytest
from django_scopes import scopes_disabled

from accounts.roles import Role
from consensus.models import ConsensusVersion, Responsibility, SignOffKind, Stage, SubjectGroup
from consensus.services import (
    consensus_draft_create,
    consensus_part_update,
    consensus_starter_publish,
    consensus_timescales_update,
    consensus_version_publish,
    consensus_version_sign_off,
    consensus_version_submit_for_review,
)
from core.tenancy import authority_scope
from referrals.services import referral_draft_create, referral_submit
from tests.factories import MembershipFactory, TeamFactory, TOTPDeviceFactory, UserFactory


def make_member(authority, role, username, team=None, email=None):
    with scopes_disabled():
        user = UserFactory(username=username, **({"email": email} if email else {}))
        TOTPDeviceFactory(user=user)
        return MembershipFactory(user=user, authority=authority, role=role, team=team)


@pytest.fixture
def teams(home):
    with scopes_disabled():
        return {hint: TeamFactory(authority=home, name=f"{hint.title()} team")
                for hint in ("children", "adults", "prevent")}


@pytest.fixture
def children_lead(home, teams):
    return make_member(home, Role.SAFEGUARDING_LEAD, "cara.childrenlead", teams["children"])


@pytest.fixture
def adults_lead(home, teams):
    return make_member(home, Role.SAFEGUARDING_LEAD, "alan.adultslead", teams["adults"])


@pytest.fixture
def agreement(home, teams, admin_member, lead, manager):
    """``home``'s first agreement (the starter), published, routing children and adults to their teams."""
    with authority_scope(home.pk):
        return consensus_starter_publish(proposer=admin_member, strategic=manager, frontline=lead, teams=teams)


@pytest.fixture
def away_agreement(away, outsider):
    admin = make_member(away, Role.AUTHORITY_ADMIN, "ola.awayadmin")
    lead = make_member(away, Role.SAFEGUARDING_LEAD, "lou.awaylead")
    with authority_scope(away.pk):
        return consensus_starter_publish(proposer=admin, strategic=outsider, frontline=lead)


def republish(authority, *, admin, lead, manager, screening_child_team=None, decision_days=None):
    """Publish the next version of ``authority``'s agreement with the changes given."""
    with authority_scope(authority.pk):
        draft = consensus_draft_create(actor_membership=admin, summary="Changes")
        if screening_child_team is not None:
            row = Responsibility.objects.get(version=draft, stage=Stage.SCREENING, subject_group=SubjectGroup.CHILD,
                                             pathway__isnull=True)
            consensus_part_update(item=row, data={"team": screening_child_team.pk}, actor_membership=admin)
        if decision_days is not None:
            consensus_timescales_update(version=draft, data={"decision_working_days": decision_days},
                                        actor_membership=admin)
        consensus_version_submit_for_review(version=draft, actor_membership=admin)
        consensus_version_sign_off(version=draft, kind=SignOffKind.STRATEGIC, actor_membership=manager)
        consensus_version_sign_off(version=draft, kind=SignOffKind.FRONTLINE, actor_membership=lead)
        return consensus_version_publish(version=draft, actor_membership=manager)


def referral_data(**overrides) -> dict:
    """A complete, valid referral about an invented 14-year-old."""
    data = {
        "first_name": "Jamie", "last_name": "Calloway", "aliases": ["Jay Calloway"],
        "date_of_birth": dt.date.today() - dt.timedelta(days=14 * 365 + 100), "gender": "male",
        "address": "1 Example Street, Testtown", "postcode": "ls6 1ab", "school_or_workplace": "Testtown Academy",
        "languages": "English", "needs": "",
        "referrer_name": "Rita Referrer", "referrer_organisation": "Testtown Academy", "referrer_sector": "education",
        "referrer_role": "Designated safeguarding lead", "referrer_email": "rita@example.invalid",
        "referrer_phone": "", "source_code": "2A",
        "concern": "Has been sharing extremist videos with classmates and talking about 'traitors'.",
        "concern_types": ["extreme_right_wing"], "indicators": ["extremist_material", "us_and_them"],
        "immediate_risk": False, "subject_aware": "no", "consent": "not_sought",
        "lawful_basis_when_not_sought": "Public task: safeguarding a child (Children Act 1989).",
    }
    data.update(overrides)
    return data


def draft(membership, **overrides):
    with authority_scope(membership.authority_id):
        return referral_draft_create(actor_membership=membership, data=referral_data(**overrides))


def submitted(membership, *, at=None, **overrides):
    """A referral written and submitted by ``membership``."""
    referral = draft(membership, **overrides)
    with authority_scope(membership.authority_id):
        return referral_submit(referral=referral, actor_membership=membership, at=at)


def fresh(model_instance):
    with scopes_disabled():
        return type(model_instance).objects.get(pk=model_instance.pk)


@pytest.fixture
def home_scope(home):
    with authority_scope(home.pk):
        yield


def current_version(authority) -> ConsensusVersion:
    with scopes_disabled():
        return ConsensusVersion.objects.get(authority=authority, status="published")
