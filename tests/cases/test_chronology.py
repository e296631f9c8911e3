"""chronology_for_subject: one timeline per person across the referrals and cases the reader may see; and
chronology_record_view, the audit of reading it."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from audit.models import AuditEvent
from cases.chronology import CHRONOLOGY_KINDS, chronology_for_subject
from cases.models import Case, Closure, Review
from cases.services import (
    case_set_restricted,
    challenge_record,
    challenge_respond,
    chronology_record_view,
    intervention_end,
    legal_action_decide,
    legal_action_record,
    note_add,
)
from core.exceptions import FieldErrors
from core.tenancy import authority_scope
from referrals.models import Subject
from tests.cases.casework import add_intervention, assess, assign, days_ago, opened_days_ago
from tests.cases.conftest import fresh_case, open_case

pytestmark = pytest.mark.django_db


def chronology(membership, subject_id, **kwargs):
    with authority_scope(membership.authority_id):
        return chronology_for_subject(membership, subject_id, **kwargs)


def note(case, membership, days, text="Phone call with the school.", **values):
    with authority_scope(membership.authority_id):
        return note_add(case=case, actor_membership=membership, kind=values.pop("kind", "phone"),
                        occurred_on=days_ago(days), text=text, **values)


def legal(case, membership, applied, decided):
    with authority_scope(membership.authority_id):
        action = legal_action_record(case=case, actor_membership=membership, kind="care_order",
                                     applied_on=days_ago(applied), court="Testtown Family Court")
        return legal_action_decide(legal_action=action, actor_membership=membership, outcome="refused",
                                   decided_on=days_ago(decided), court_reasons="Threshold not met.")


def challenge(case, membership, raised, answered, intervention=None):
    with authority_scope(membership.authority_id):
        raised = challenge_record(case=case, actor_membership=membership, source="family", raised_on=days_ago(raised),
                                  disputed="The family says mentoring is not needed.",
                                  intervention_id=intervention.pk if intervention else None)
        return challenge_respond(challenge=raised, actor_membership=membership, responded_on=days_ago(answered),
                                 response="We explained the plan.", outcome="not_upheld")


def intervention(case, membership, start, ended):
    added = add_intervention(case, membership, start_on=days_ago(start))
    with authority_scope(membership.authority_id):
        return intervention_end(intervention=added, actor_membership=membership, outcome="achieved",
                                end_on=days_ago(ended))


def review_held(case, membership, days):
    with scopes_disabled():
        return Review.objects.create(authority_id=case.authority_id, case_id=case.pk, kind="scheduled",
                                     due_on=days_ago(days), held_on=days_ago(days), held_by=membership.user,
                                     summary="Good progress at school.", outcome="continue")


def closure_approved(case, proposer, approver, proposed, decided):
    now = timezone.now()
    with scopes_disabled():
        return Closure.objects.create(
            authority_id=case.authority_id, case_id=case.pk, reason="vulnerability_reduced", summary="Work done.",
            status="approved", proposed_by=proposer.user, proposed_at=now - dt.timedelta(days=proposed),
            decided_by=approver.user, decided_at=now - dt.timedelta(days=decided), decision_note="Agreed.")


def history(case, lead, manager, size=1):
    """A case's history, ``size`` records of each kind, on different days (the first of each kind as listed)."""
    opened_days_ago(case, 60)
    case = fresh_case(case)
    for n in range(size):
        note(case, lead, 40 + n, kind="visit", text="Home visit.")
        assess(case, lead, on=days_ago(30 + n))
        intervention(case, lead, 28 + n, 7 + n)
        legal(case, lead, 20 + n, 15 + n)
        challenge(case, lead, 12 + n, 10 + n)
        review_held(case, lead, 5 + n)
    closure_approved(case, lead, manager, 3, 2)
    return case


def titles(entries) -> list[tuple]:
    return [(entry.date, entry.kind, entry.title) for entry in entries]


def test_one_timeline_of_the_referral_and_its_case_newest_first(case, lead, manager):
    history(case, lead, manager)
    with scopes_disabled():
        referral = Case.objects.select_related("referral").get(pk=case.pk).referral
    entries = chronology(lead, case.subject_id)
    today = days_ago(0)
    assert titles(entries) == [
        (today, "case", "Case moved to assessment"),
        (today, "case", "Case opened"),
        (today, "decision", "Decision: Child in need assessment (Children Act 1989, s17)"),
        (today, "referral", "Referral made by Testtown Academy"),
        (days_ago(2), "closure", "Case closed: Vulnerability reduced"),
        (days_ago(3), "closure", "Closure proposed: Vulnerability reduced"),
        (days_ago(5), "review", "Scheduled review: Continue the support plan"),
        (days_ago(7), "intervention",
         "Intervention ended (achieved): Mentoring (including ideological mentoring) by Example Mentoring Ltd"),
        (days_ago(10), "challenge", "Challenge answered: Not upheld: the intervention continued"),
        (days_ago(12), "challenge", "Challenge raised by their family"),
        (days_ago(15), "legal", "Care order: refused"),
        (days_ago(20), "legal", "Application to Testtown Family Court: Care order"),
        (days_ago(28), "intervention",
         "Intervention started: Mentoring (including ideological mentoring) by Example Mentoring Ltd"),
        (days_ago(30), "assessment", "Assessment: overall risk medium"),
        (days_ago(40), "note", "Visit"),
    ]
    decision, submission = entries[2], entries[3]
    assert (decision.detail, decision.actor, decision.referral_reference, decision.case_reference) == (
        referral.rationale, lead.user.get_full_name() or "lee.lead", referral.reference, "")
    assert decision.url == submission.url == reverse("referrals:detail", args=[referral.pk])
    assert submission.detail == referral.concern and submission.at is not None
    opened = entries[1]
    assert (opened.case_reference, opened.url) == (case.reference, reverse("cases:detail", args=[case.pk]))
    assert {entry.kind for entry in entries} == set(CHRONOLOGY_KINDS)
    assert entries[8].detail == "We explained the plan." and entries[10].actor == "Testtown Family Court"


def test_corrections_show_with_the_note_they_correct(case, lead):
    original = note(case, lead, 3, text="Met Jamie at school.")
    correction = note(case, lead, 3, text="Met Jamie at the youth centre.", corrects_id=original.pk)
    entries = chronology(lead, case.subject_id, kinds={"note"})
    when = days_ago(3)
    assert [(entry.title, entry.detail) for entry in entries] == [
        (f"Phone call (correcting the note of {when.day} {when:%B %Y})", correction.text),
        ("Phone call (corrected by a later note)", original.text)]


def test_ties_are_broken_the_same_way_every_time(case, lead):
    at = timezone.now() - dt.timedelta(minutes=1)
    first = note(case, lead, 1, text="First.", at=at)
    second = note(case, lead, 1, text="Second.", at=at)
    third = note(case, lead, 1, text="Third.")  # same day, written later
    once = chronology(lead, case.subject_id, kinds={"note"})
    assert [entry.detail for entry in once] == [third.text, second.text, first.text]
    assert chronology(lead, case.subject_id, kinds={"note"}) == once


def test_the_kinds_filter(case, lead, manager):
    history(case, lead, manager)
    assert {entry.kind for entry in chronology(lead, case.subject_id, kinds={"legal", "review"})} == {
        "legal", "review"}
    assert [entry.kind for entry in chronology(lead, case.subject_id, kinds=["referral", "decision"])] == [
        "decision", "referral"]
    assert chronology(lead, case.subject_id, kinds=set()) == []
    with pytest.raises(FieldErrors) as error:
        chronology(lead, case.subject_id, kinds={"note", "gossip"})
    assert error.value.errors == {"kinds": [f"Choose from: {', '.join(CHRONOLOGY_KINDS)}"]}


def test_only_what_the_reader_may_see(case, agreement, practitioner, lead, manager):
    history(case, lead, manager)
    other = open_case(practitioner, lead)
    note(other, lead, 1, text="About someone else.")
    # The practitioner made the referral, so they see it and its decision, but not the case until they work on it.
    assert [entry.kind for entry in chronology(practitioner, case.subject_id)] == ["decision", "referral"]
    assign(case, practitioner, lead)
    assert len(chronology(practitioner, case.subject_id)) == len(chronology(lead, case.subject_id)) == 15
    assert "About someone else." not in {entry.detail for entry in chronology(lead, case.subject_id)}
    # A restricted case drops out for a lead with no named access; its referral stays, as the referral pages show it.
    with authority_scope(manager.authority_id):
        case_set_restricted(case=case, actor_membership=manager, restricted=True, reason="A relative works here.")
    assert [entry.kind for entry in chronology(lead, case.subject_id)] == ["decision", "referral"]
    assert len(chronology(practitioner, case.subject_id)) == len(chronology(manager, case.subject_id)) == 15


def test_wrong_roles_and_other_authorities_see_no_one(case, lead, admin_member, dpo, outsider, away_agreement):
    note(case, lead, 1)
    for member in (admin_member, dpo, outsider):
        with pytest.raises(Subject.DoesNotExist):
            chronology(member, case.subject_id)
        with pytest.raises(Subject.DoesNotExist):
            chronology(member, case.subject_id, kinds={"note"})
    with pytest.raises(Subject.DoesNotExist):
        chronology(lead, 999_999)


def count_queries(membership, subject_id) -> tuple[int, int]:
    with authority_scope(membership.authority_id), CaptureQueriesContext(connection) as queries:
        entries = chronology_for_subject(membership, subject_id)
    return len(queries), len(entries)


def test_a_fixed_number_of_queries_whatever_the_size(agreement, practitioner, lead, manager):
    small, large = open_case(practitioner, lead), open_case(practitioner, lead)
    history(small, lead, manager, size=1)
    history(large, lead, manager, size=4)
    for n in range(3):
        original = note(large, lead, 50 + n)
        note(large, lead, 50 + n, corrects_id=original.pk)
    few, few_entries = count_queries(lead, small.subject_id)
    many, many_entries = count_queries(lead, large.subject_id)
    assert many_entries > 3 * few_entries / 2 and many_entries == few_entries + 3 * 9 + 6
    assert few == many == 10


def test_reading_the_chronology_is_audited(case, lead, outsider, admin_member, away_agreement, audit_rows):
    seen = len(audit_rows())
    with authority_scope(lead.authority_id):
        chronology_record_view(actor_membership=lead, subject_id=case.subject_id, kinds={"note", "legal"})
    assert audit_rows()[seen:] == [("cases.chronology.viewed", "lee.lead")]
    with scopes_disabled():
        event = AuditEvent.objects.latest("id")
    assert (event.target_type, event.target_id, event.target_label) == (
        "referrals.subject", str(case.subject_id), f"Subject {case.subject_id}")
    assert event.data == {"subject_id": case.subject_id, "kinds": ["legal", "note"]}
    for member in (outsider, admin_member):
        with authority_scope(member.authority_id), pytest.raises(Subject.DoesNotExist):
            chronology_record_view(actor_membership=member, subject_id=case.subject_id)
    assert audit_rows()[seen + 1:] == []
