"""Fixtures for the evidence base: authorities with published agreements, rows made directly (scopes disabled, as
fixtures do) so the figures can be checked over many cases quickly, and helpers to share and to write notes.

Every person and place here is invented."""

import datetime as dt
import itertools

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from accounts.models import Membership
from accounts.roles import Role
from cases.models import Case, CaseStatus, Challenge, Intervention, InterventionStatus, LegalAction
from consensus.models import ConcernType, ConsensusVersion, ResponsePathway
from consensus.services import consensus_starter_publish
from core.tenancy import authority_scope
from evidence.services import evidence_sharing_set, learning_note_create
from referrals.models import Referral, ReferralStatus, Subject
from tests.factories import AuthorityFactory
from tests.referrals.conftest import agreement, away_agreement, make_member, teams  # noqa: F401

TODAY = dt.date.today()
_numbers = itertools.count(1)


class Rows:
    """Makes cases and their records in one authority directly, for figures tests."""

    def __init__(self, authority, member):
        self.authority, self.member = authority, member
        with scopes_disabled():
            self.version = ConsensusVersion.objects.get(authority=authority, status="published")
            self.pathway = ResponsePathway.objects.get(version=self.version, code="child_in_need")
            self.concerns = {c.code: c for c in ConcernType.objects.filter(version=self.version)}

    def case(self, *, born=None, estimated_age=None, concerns=("extreme_right_wing",), closed=True,
             first_name="Robin", last_name="Ashgrove", postcode="TT1 1AA") -> Case:
        n = next(_numbers)
        now = timezone.now()
        with scopes_disabled():
            subject = Subject.objects.create(
                authority=self.authority, first_name=first_name, last_name=last_name, date_of_birth=born,
                estimated_age=estimated_age, estimated_at=TODAY - dt.timedelta(days=400) if estimated_age else None,
                postcode=postcode, school_or_workplace="Testtown Academy")
            referral = Referral.objects.create(
                authority=self.authority, reference=f"{self.authority.code}-2026-{n:06d}",
                status=ReferralStatus.DECIDED, subject=subject, subject_group="child", consensus_version=self.version,
                decision_due_at=now, submitted_by=self.member.user, submitted_at=now - dt.timedelta(days=30),
                decided_at=now, decided_by=self.member.user, pathway=self.pathway, decision_version=self.version,
                rationale="Threshold met.")
            referral.concern_types.set([self.concerns[code] for code in concerns])
            return Case.objects.create(
                authority=self.authority, reference=f"{self.authority.code}-C-2026-{n:06d}", subject=subject,
                referral=referral, status=CaseStatus.CLOSED if closed else CaseStatus.SUPPORT, opened_at=now,
                opened_by=self.member.user, consensus_version=self.version, closed_at=now if closed else None)

    def intervention(self, case, *, kind="mentoring", outcome="achieved", start_on=None) -> Intervention:
        start_on = start_on or TODAY - dt.timedelta(days=90)
        ended = bool(outcome)
        with scopes_disabled():
            return Intervention.objects.create(
                authority=self.authority, case=case, kind=kind, provider="Example Mentoring Ltd", planned_sessions=6,
                start_on=start_on, end_on=start_on + dt.timedelta(days=60) if ended else None,
                status=InterventionStatus.ENDED if ended else InterventionStatus.ACTIVE, outcome=outcome or "",
                created_by=self.member.user)

    def legal(self, case, *, kind="care_order", outcome="granted") -> LegalAction:
        applied = TODAY - dt.timedelta(days=50)
        with scopes_disabled():
            return LegalAction.objects.create(
                authority=self.authority, case=case, kind=kind, applied_on=applied, outcome=outcome,
                decided_on=None if outcome == "pending" else applied + dt.timedelta(days=10),
                recorded_by=self.member.user)

    def challenge(self, case, *, source="family", outcome="open") -> Challenge:
        with scopes_disabled():
            return Challenge.objects.create(
                authority=self.authority, case=case, source=source, raised_on=TODAY - dt.timedelta(days=20),
                disputed="The family disputed the need for mentoring.", outcome=outcome,
                recorded_by=self.member.user)


@pytest.fixture
def home_rows(agreement, lead):  # noqa: F811 (the imported fixture)
    return Rows(lead.authority, lead)


def _member(username):
    with scopes_disabled():
        return Membership.objects.select_related("authority", "user").get(user__username=username)


@pytest.fixture
def away_lead(away_agreement):  # noqa: F811 (the imported fixture)
    """The lead ``away_agreement`` made."""
    return _member("lou.awaylead")


@pytest.fixture
def away_rows(away_agreement, away_lead):  # noqa: F811 (the imported fixture)
    return Rows(away_lead.authority, away_lead)


@pytest.fixture
def third():
    """A third authority, with a published agreement and a lead."""
    authority = AuthorityFactory(name="Thirdbury Council", code="THB", region="london", prevent_priority_area=True)
    admin = make_member(authority, Role.AUTHORITY_ADMIN, "tia.thirdadmin")
    manager = make_member(authority, Role.MANAGER, "tom.thirdmanager")
    lead = make_member(authority, Role.SAFEGUARDING_LEAD, "tess.thirdlead")
    with authority_scope(authority.pk):
        consensus_starter_publish(proposer=admin, strategic=manager, frontline=lead)
    return lead


@pytest.fixture
def third_rows(third):
    return Rows(third.authority, third)


@pytest.fixture
def away_admin(away_agreement):  # noqa: F811 (the imported fixture)
    """The authority administrator ``away_agreement`` made."""
    return _member("ola.awayadmin")


def share(admin, opted_in=True):
    with authority_scope(admin.authority_id):
        return evidence_sharing_set(actor_membership=admin, opted_in=opted_in)


def admin_of(authority, username):
    return make_member(authority, Role.AUTHORITY_ADMIN, username)


NOTE = {"title": "Mentoring through a sports club kept a teenager engaged",
        "what_was_tried": "Weekly mentoring with a youth worker at a local sports club, and a family meeting.",
        "what_worked": "Meeting somewhere neutral, and a mentor who shared an interest in football.",
        "what_did_not": "Online sessions: they were missed three times out of four.",
        "intervention_types": ["mentoring", "youth"], "concern_category": "extreme_right_wing"}


def write_note(writer, case, **overrides):
    with authority_scope(writer.authority_id):
        return learning_note_create(actor_membership=writer, case_id=case.pk, data={**NOTE, **overrides})
