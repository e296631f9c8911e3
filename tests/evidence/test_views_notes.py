"""The learning note pages: the list and its search, writing, sending, checking, returning and withdrawing a note,
and what each person may see (their authority's notes; other sharing authorities' published notes, anonymised)."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from accounts.roles import Role
from core.tenancy import authority_scope
from evidence.models import LearningNote, NoteStatus
from evidence.services import learning_note_approve, learning_note_submit
from tests.evidence.conftest import NOTE, admin_of, share, write_note
from tests.referrals.conftest import make_member

pytestmark = pytest.mark.django_db
LIST = reverse("evidence:notes")


@pytest.fixture
def second_lead(home, teams):
    return make_member(home, Role.SAFEGUARDING_LEAD, "sam.secondlead")


def published(writer, approver, case, **overrides):
    note = write_note(writer, case, **overrides)
    with authority_scope(writer.authority_id):
        learning_note_submit(note=note, actor_membership=writer)
        learning_note_approve(note=note, actor_membership=approver)
    return note


def url(name, note):
    return reverse(f"evidence:{name}", args=[note.pk])


def status_of(note):
    with scopes_disabled():
        return LearningNote.objects.get(pk=note.pk).status


def test_a_lead_writes_sends_and_a_second_lead_publishes(home_rows, lead, second_lead, client_for, audit_rows):
    case = home_rows.case()
    client = client_for(lead)
    page = client.get(reverse("evidence:note_new")).content.decode()
    assert case.reference in page and "Write nothing that could identify the person" in page
    form = {"case": case.pk, **{k: v for k, v in NOTE.items() if k != "intervention_types"},
            "intervention_types": NOTE["intervention_types"]}
    response = client.post(reverse("evidence:note_new"), form)
    with scopes_disabled():
        note = LearningNote.objects.get()
    assert response.status_code == 302 and response.url == url("note", note)
    assert client.get(url("note_submit", note)).status_code == 405
    assert client.post(url("note_submit", note)).status_code == 302
    own = client.get(url("note_review", note))
    assert own.status_code == 403 and "another safeguarding lead or manager must check it" in own.content.decode()
    checker = client_for(second_lead)
    assert "Waiting for you to check" in checker.get(LIST).content.decode()
    assert checker.post(url("note_review", note), {"decision": "approve"}).status_code == 302
    assert status_of(note) == NoteStatus.PUBLISHED
    assert [action for action, _ in audit_rows()] == ["evidence.learning_note.drafted",
                                                      "evidence.learning_note.submitted",
                                                      "evidence.learning_note.approved"]


def test_mistakes_are_shown_next_to_the_fields(home_rows, lead, client_for):
    home_rows.case()
    response = client_for(lead).post(reverse("evidence:note_new"), {"case": "", "title": ""})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Choose a closed case you can see" in page and "Enter a title" in page
    with scopes_disabled():
        assert not LearningNote.objects.exists()


def test_sending_a_note_that_names_the_person_shows_why(home_rows, lead, client_for):
    case = home_rows.case(first_name="Robin")
    note = write_note(lead, case, what_worked="Robin liked the mentor.")
    response = client_for(lead).post(url("note_submit", note))
    assert response.status_code == 400
    assert "Remove the person&#x27;s name" in response.content.decode()
    assert status_of(note) == NoteStatus.DRAFT


def test_returning_needs_a_reason_and_the_writer_sees_it(home_rows, lead, second_lead, client_for):
    note = write_note(lead, home_rows.case())
    with authority_scope(lead.authority_id):
        learning_note_submit(note=note, actor_membership=lead)
    checker = client_for(second_lead)
    assert checker.post(url("note_review", note), {"decision": "return", "reason": ""}).status_code == 400
    assert checker.post(url("note_review", note), {"decision": "return",
                                                   "reason": "Leave out the club."}).status_code == 302
    page = client_for(lead).get(url("note", note)).content.decode()
    assert "Returned for changes" in page and "Leave out the club." in page
    assert client_for(lead).get(url("note_edit", note)).status_code == 200
    assert client_for(second_lead).get(url("note_edit", note)).status_code == 403


def test_a_practitioner_reads_published_notes_but_not_drafts(home_rows, lead, second_lead, practitioner, client_for):
    shown = published(lead, second_lead, home_rows.case(), title="Family meetings at home helped")
    draft = write_note(lead, home_rows.case(), title="Still a draft")
    client = client_for(practitioner)
    page = client.get(LIST).content.decode()
    assert "Family meetings at home helped" in page and "Still a draft" not in page
    assert "Write a learning note" not in page
    assert client.get(url("note", shown)).status_code == 200
    assert client.get(url("note", draft)).status_code == 404
    assert client.get(reverse("evidence:note_new")).status_code == 403
    assert "Open the case" not in client.get(url("note", shown)).content.decode()


def test_search_finds_words_intervention_types_and_concerns(home_rows, lead, second_lead, client_for):
    published(lead, second_lead, home_rows.case(), title="A boxing club mentor", intervention_types=["mentoring"],
              concern_category="islamist")
    published(lead, second_lead, home_rows.case(), title="College course", intervention_types=["education"],
              concern_category="extreme_right_wing", what_worked="A tutor who listened.")
    client = client_for(lead)

    def titles(**query):
        page = client.get(LIST, query).content.decode()
        return [title for title in ("A boxing club mentor", "College course") if title in page]

    assert titles() == ["A boxing club mentor", "College course"]
    assert titles(words="BOXING") == ["A boxing club mentor"]
    assert titles(words="tutor listened") == ["College course"]
    assert titles(words="tutor boxing") == []
    assert titles(kind="education") == ["College course"]
    assert titles(concern="islamist") == ["A boxing club mentor"]


def test_other_authorities_notes_are_shared_only_between_sharing_authorities(
        home_rows, away_rows, lead, second_lead, away_lead, away_admin, outsider, client_for):
    ours = published(lead, second_lead, home_rows.case(), title="Our published note")
    away_writer = make_member(away_lead.authority, Role.MANAGER, "mo.awaymanager")
    theirs = published(away_writer, away_lead, away_rows.case(), title="Their published note")
    their_draft = write_note(away_writer, away_rows.case(), title="Their draft")
    client = client_for(lead)
    assert "Their published note" not in client.get(LIST).content.decode()
    assert client.get(url("note", theirs)).status_code == 404
    share(admin_of(lead.authority, "ada.homeadmin"))
    assert client.get(url("note", theirs)).status_code == 404  # they do not share yet
    share(away_admin)
    page = client.get(LIST).content.decode()
    assert "Their published note" in page and "Their draft" not in page and "Our published note" in page
    detail = client.get(url("note", theirs)).content.decode()
    assert "An authority in North West" in detail and away_lead.authority.name not in detail
    assert "Open the case" not in detail and str(away_writer.user) not in detail
    assert client.get(url("note", their_draft)).status_code == 404
    assert client.get(url("note_review", theirs)).status_code == 404
    assert client_for(outsider).get(url("note", ours)).status_code == 200
    share(away_admin, opted_in=False)
    assert client_for(outsider).get(url("note", ours)).status_code == 404


def test_a_published_note_is_withdrawn_with_a_reason(home_rows, lead, second_lead, practitioner, client_for):
    note = published(lead, second_lead, home_rows.case())
    client = client_for(lead)
    assert client.post(url("note_withdraw", note), {"reason": ""}).status_code == 400
    assert client.post(url("note_withdraw", note), {"reason": "A reader recognised the club."}).status_code == 302
    assert status_of(note) == NoteStatus.WITHDRAWN
    assert client_for(practitioner).get(url("note", note)).status_code == 404
    assert client.get(url("note_withdraw", note)).status_code == 409
    assert client_for(practitioner).get(url("note_withdraw", note)).status_code == 403


def test_missing_notes_are_not_found(lead, client_for, agreement):
    assert client_for(lead).get(reverse("evidence:note", args=[999_999])).status_code == 404
