"""Drafts and submission: referral_draft_create, referral_draft_update, referral_submit."""

import datetime as dt

import pytest
from django.core import mail
from django_scopes import scopes_disabled

from consensus.models import SubjectGroup
from core.exceptions import InvalidTransition, PermissionDenied
from core.tenancy import authority_scope
from referrals.models import Referral, ReferralStatus, ReferralTransition, Subject, SubjectMatchKey
from referrals.services import referral_draft_create, referral_draft_update, referral_submit
from referrals.services.intake import IMMEDIATE_RISK_DUE
from referrals.validation import ReferralInputError
from tests.referrals.conftest import current_version, draft, fresh, submitted

pytestmark = pytest.mark.django_db


def test_a_practitioner_submits_a_referral_that_is_pinned_routed_timed_and_referenced(
        agreement, practitioner, teams, children_lead, audit_rows, django_capture_on_commit_callbacks):
    referral = draft(practitioner)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with authority_scope(practitioner.authority_id):
            referral = referral_submit(referral=referral, actor_membership=practitioner)

    referral = fresh(referral)
    assert referral.status == ReferralStatus.SUBMITTED
    assert referral.reference == f"TST-{referral.submitted_at.year}-000001"
    assert referral.consensus_version_id == agreement.pk
    assert referral.subject_group == SubjectGroup.CHILD
    assert referral.routed_team == teams["children"] and referral.routed_role == "safeguarding_lead"
    assert referral.decision_due_at > referral.submitted_at
    with scopes_disabled():
        assert sorted(referral.concern_types.values_list("code", flat=True)) == ["extreme_right_wing"]
        assert referral.subject.postcode == "LS6 1AB"
        assert SubjectMatchKey.objects.filter(subject=referral.subject).exists()
        [row] = ReferralTransition.objects.filter(referral=referral)
    assert (row.from_status, row.to_status, row.actor, row.consensus_version_id) == (
        "draft", "submitted", practitioner.user, agreement.pk)
    assert audit_rows() == [("referrals.referral.drafted", "pat.practitioner"),
                            ("referrals.referral.submitted", "pat.practitioner")]
    assert len(callbacks) == 1
    [message] = mail.outbox
    assert message.to == [children_lead.user.email]
    assert referral.reference in message.subject and "Calloway" not in message.subject + message.body


def test_an_adult_is_routed_to_the_adults_team(agreement, practitioner, teams):
    referral = submitted(practitioner, date_of_birth=dt.date(1990, 5, 1))
    assert (referral.subject_group, referral.routed_team) == (SubjectGroup.ADULT, teams["adults"])


def test_an_estimated_age_decides_the_group_when_there_is_no_date_of_birth(agreement, practitioner):
    referral = submitted(practitioner, date_of_birth=None, estimated_age=17)
    assert referral.subject_group == SubjectGroup.CHILD
    assert submitted(practitioner, date_of_birth=None, estimated_age=18).subject_group == SubjectGroup.ADULT


def test_immediate_risk_is_due_within_two_hours_and_the_email_says_urgent(
        agreement, practitioner, children_lead, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        referral = submitted(practitioner, immediate_risk=True)
    assert referral.decision_due_at == referral.submitted_at + IMMEDIATE_RISK_DUE
    assert mail.outbox[0].subject.startswith("URGENT")


def test_references_count_up_per_authority(agreement, away_agreement, practitioner, outsider):
    first, second = submitted(practitioner), submitted(practitioner)
    elsewhere = submitted(outsider)
    assert [first.reference[-6:], second.reference[-6:]] == ["000001", "000002"]
    assert elsewhere.reference.startswith("OTH-") and elsewhere.reference.endswith("000001")


def test_a_draft_is_saved_step_by_step_and_only_the_given_fields_are_checked(agreement, practitioner, audit_rows):
    with authority_scope(practitioner.authority_id):
        referral = referral_draft_create(actor_membership=practitioner, data={"first_name": " Jamie "})
        referral = referral_draft_update(referral=referral, actor_membership=practitioner,
                                         data={"concern_types": ["islamist"], "estimated_age": 15})
    referral = fresh(referral)
    with scopes_disabled():
        assert referral.subject.first_name == "Jamie"
        assert referral.subject.estimated_age == 15 and referral.subject.estimated_at is not None
        assert list(referral.concern_types.values_list("code", flat=True)) == ["islamist"]
    assert audit_rows() == [("referrals.referral.drafted", "pat.practitioner"),
                            ("referrals.referral.draft_changed", "pat.practitioner")]


@pytest.mark.parametrize(("field", "value"), [
    # Well in the future: "tomorrow" computed when tests load can be today by the time a long run reaches it.
    ("date_of_birth", dt.date.today() + dt.timedelta(days=30)),
    ("date_of_birth", dt.date(1890, 1, 1)),
    ("date_of_birth", "31/02/2010"),
    ("estimated_age", 121),
    ("estimated_age", True),
    ("postcode", "not a postcode"),
    ("gender", "unknown-gender"),
    ("source_code", "11"),
    ("concern", "x" * 10_001),
    ("first_name", "x" * 101),
    ("aliases", [f"Alias {n}" for n in range(11)]),
    ("referrer_email", "not-an-email"),
    ("concern_types", ["no_such_type"]),
    ("indicators", "extremist_material"),
    ("immediate_risk", "yes"),
    ("favourite_colour", "blue"),
])
def test_bad_input_is_refused_with_the_field_named_and_nothing_written(agreement, practitioner, field, value):
    with scopes_disabled():
        before = (Referral.objects.count(), Subject.objects.count())
    with pytest.raises(ReferralInputError) as error:
        draft(practitioner, **{field: value})
    assert field in error.value.as_errors()
    with scopes_disabled():
        assert (Referral.objects.count(), Subject.objects.count()) == before


def test_submitting_an_incomplete_draft_lists_every_missing_field_and_changes_nothing(
        agreement, practitioner, audit_rows):
    with authority_scope(practitioner.authority_id):
        referral = referral_draft_create(actor_membership=practitioner, data={"first_name": "Jamie"})
        with pytest.raises(ReferralInputError) as error:
            referral_submit(referral=referral, actor_membership=practitioner)
    assert error.value.code == "incomplete"
    assert {"last_name", "date_of_birth", "gender", "postcode", "concern", "concern_types", "consent",
            "referrer_email"} <= set(error.value.as_errors())
    assert fresh(referral).status == ReferralStatus.DRAFT
    assert audit_rows() == [("referrals.referral.drafted", "pat.practitioner")]


def test_a_lawful_basis_is_required_when_consent_was_not_given(agreement, practitioner):
    with pytest.raises(ReferralInputError) as error:
        submitted(practitioner, consent="refused", lawful_basis_when_not_sought="")
    assert "lawful_basis_when_not_sought" in error.value.as_errors()
    assert submitted(practitioner, consent="given", lawful_basis_when_not_sought="").status == "submitted"


def test_no_fixed_abode_is_accepted_instead_of_a_postcode(agreement, practitioner):
    referral = submitted(practitioner, postcode="", no_postcode_reason="no_fixed_abode")
    assert referral.status == ReferralStatus.SUBMITTED


def test_without_a_published_agreement_submission_is_refused_clearly(home, practitioner):
    referral = draft(practitioner, concern_types=[], indicators=[])
    with authority_scope(home.pk), pytest.raises(Exception) as error:
        referral_submit(referral=referral, actor_membership=practitioner)
    assert getattr(error.value, "code", None) == "no_agreement"
    assert fresh(referral).status == ReferralStatus.DRAFT


def test_codes_are_re_read_against_the_agreement_in_force_at_submission(agreement, practitioner, admin_member,
                                                                          lead, manager):
    from tests.referrals.conftest import republish

    referral = draft(practitioner)
    new_version = republish(practitioner.authority, admin=admin_member, lead=lead, manager=manager)
    with authority_scope(practitioner.authority_id):
        referral = referral_submit(referral=referral, actor_membership=practitioner)
    with scopes_disabled():
        assert referral.consensus_version_id == new_version.pk == current_version(practitioner.authority).pk
        assert {item.version_id for item in referral.concern_types.all()} == {new_version.pk}


def test_submitting_twice_returns_the_referral_and_writes_nothing_more(agreement, practitioner, audit_rows):
    referral = submitted(practitioner)
    with authority_scope(practitioner.authority_id):
        again = referral_submit(referral=referral, actor_membership=practitioner)
    assert again.reference == referral.reference
    assert [row[0] for row in audit_rows()].count("referrals.referral.submitted") == 1


def test_a_draft_cannot_be_changed_once_submitted(agreement, practitioner):
    referral = submitted(practitioner)
    with authority_scope(practitioner.authority_id), pytest.raises(InvalidTransition):
        referral_draft_update(referral=referral, actor_membership=practitioner, data={"first_name": "Other"})


@pytest.mark.parametrize("persona", ["admin_member", "dpo"])
def test_roles_without_intake_cannot_start_a_referral(agreement, persona, request):
    membership = request.getfixturevalue(persona)
    with authority_scope(membership.authority_id), pytest.raises(PermissionDenied):
        referral_draft_create(actor_membership=membership, data={})


def test_someone_elses_draft_is_not_found_even_by_a_lead(agreement, practitioner, lead):
    referral = draft(practitioner)
    with authority_scope(lead.authority_id):
        with pytest.raises(Referral.DoesNotExist):
            referral_submit(referral=referral, actor_membership=lead)
        with pytest.raises(Referral.DoesNotExist):
            referral_draft_update(referral=referral, actor_membership=lead, data={"first_name": "X"})


def test_another_authoritys_member_cannot_touch_a_draft(agreement, practitioner, outsider):
    referral = draft(practitioner)
    with authority_scope(outsider.authority_id), pytest.raises(Referral.DoesNotExist):
        referral_submit(referral=referral, actor_membership=outsider)
