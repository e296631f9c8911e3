"""The demo evidence base (evidence/demo.py): made through the services, idempotent, and fictional."""

import pytest
from django_scopes import scopes_disabled

from evidence.demo import notes_for, seed_evidence
from evidence.models import CommunityEngagement, EvidenceSharing, LearningNote, NoteStatus

pytestmark = pytest.mark.django_db


def test_seeding_twice_gives_the_same_evidence_base(home_rows, lead, manager, admin_member, home, audit_rows):
    for _ in range(len(notes_for(home))):
        home_rows.case()
    with scopes_disabled():
        first = seed_evidence(home)
        second = seed_evidence(home)
        statuses = sorted(LearningNote.objects.filter(authority=home).values_list("status", flat=True))
        assert EvidenceSharing.objects.get(authority=home).opted_in
        assert CommunityEngagement.objects.filter(authority=home).count() == 9
    assert first == second == [f"{home.name}: evidence base shared, 5 learning notes, 9 engagement sessions"]
    assert statuses == sorted([NoteStatus.PUBLISHED] * 3 + [NoteStatus.SUBMITTED, NoteStatus.DRAFT])
    actions = [action for action, _ in audit_rows()]
    assert actions.count("evidence.learning_note.approved") == 3 and "evidence.sharing.opted_in" in actions


def test_an_authority_without_closed_cases_gets_sessions_only(agreement, lead, manager, admin_member, home):
    with scopes_disabled():
        (line,) = seed_evidence(home, share=False)
    assert line.endswith("not shared, 0 learning notes, 9 engagement sessions")
