"""/cases/people/<subject_id>/chronology/: one person's timeline across referrals and cases, newest first,
filtered by kind with a GET form, every read recorded in the audit trail."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from accounts.roles import Role
from cases.models import Assessment
from tests.cases.casework import add_intervention, assess, days_ago, opened_days_ago
from tests.cases.conftest import open_case
from tests.cases.test_views_records import challenge, fill, legal, note
from tests.referrals.conftest import make_member

pytestmark = pytest.mark.django_db


def page(case, query=""):
    return reverse("cases:chronology", args=[case.subject_id]) + query


@pytest.fixture
def history(case, lead):
    """``case`` with an assessment 20 days ago, an intervention from 15 days ago and a note 10 days ago."""
    opened_days_ago(case, 40)
    assess(case, lead, on=days_ago(20), risk="high")
    add_intervention(case, lead, start_on=days_ago(15), provider="Example Mentoring Ltd")
    note(case, lead, text="Met Jamie at school with his head of year.", occurred_on=days_ago(10), kind="meeting")
    return case


def test_the_timeline_runs_newest_first_and_the_read_is_recorded(history, lead, client_for, audit_rows):
    seen = len(audit_rows())
    response = client_for(lead).get(page(history))
    assert response.status_code == 200
    text = response.text
    # The referral was made, decided and the case opened today; the casework is dated in the past.
    positions = [text.index(title) for title in (
        "Referral made", "Meeting", "Intervention started: Mentoring (including ideological mentoring) by Example "
        "Mentoring Ltd", "Assessment: overall risk high")]
    assert positions == sorted(positions)
    assert text.index("Decision: ") < positions[1] and text.index("Case opened") < positions[1]
    assert "Jamie Calloway" in text and f"Case {history.reference}" in text
    with scopes_disabled():
        assessment = Assessment.objects.get(case_id=history.pk)
    assert f'href="{reverse("cases:assessment", args=[history.pk, assessment.pk])}"' in text  # entries link on
    assert audit_rows()[seen:] == [("cases.chronology.viewed", "lee.lead")]


def test_filtering_by_kind_with_checkboxes(history, lead, client_for):
    client = client_for(lead)
    text = client.get(page(history, "?kinds=note")).text
    assert "Met Jamie at school" in text and "Assessment: overall risk" not in text and "Referral made" not in text
    assert 'value="note" checked' in text and 'value="assessment">' in text
    assert "1 entry matching your choice" in text and "Show everything" in text
    text = client.get(page(history, "?kinds=note&kinds=assessment")).text
    assert "Met Jamie at school" in text and "Assessment: overall risk high" in text and "Case opened" not in text
    text = client.get(page(history, "?kinds=bogus")).text  # a kind nobody knows is ignored
    assert "Referral made" in text and "Met Jamie at school" in text
    assert '<form method="get"' in text and 'type="checkbox"' in text and 'name="kinds"' in text


def test_a_correction_shows_both_notes(history, lead, client_for):
    father = note(history, lead, text="Phone call with his father.", occurred_on=days_ago(3), kind="phone")
    note(history, lead, text="Phone call with his mother.", occurred_on=days_ago(3), kind="phone",
         corrects_id=father.pk)
    text = client_for(lead).get(page(history, "?kinds=note")).text
    assert "Phone call with his father." in text and "Phone call with his mother." in text
    assert "(corrected by a later note)" in text
    assert f"(correcting the note of {days_ago(3):%-d %B %Y})" in text


def test_who_may_read_it(history, lead, manager, practitioner, outsider, admin_member, dpo, client_for, home):
    assert client_for(manager).get(page(history)).status_code == 200
    assert client_for(outsider).get(page(history)).status_code == 404
    assert client_for(admin_member).get(page(history)).status_code == 403
    assert client_for(dpo).get(page(history)).status_code == 403
    assert client_for(lead).get(reverse("cases:chronology", args=[999999])).status_code == 404
    assert client_for(lead).post(page(history)).status_code == 405
    stranger = make_member(home, Role.PRACTITIONER, "sam.stranger")
    assert client_for(stranger).get(page(history)).status_code == 404
    # The practitioner made the referral but does not work on the case: they see the referral, not the casework.
    text = client_for(practitioner).get(page(history)).text
    assert "Referral made" in text and "Met Jamie at school" not in text and "Assessment:" not in text


def test_the_page_runs_a_fixed_number_of_queries(lead, practitioner, client_for, agreement):
    few = open_case(practitioner, lead, first_name="Riley", last_name="Example")
    many = open_case(practitioner, lead, first_name="Morgan", last_name="Example", date_of_birth=days_ago(5000))
    for case, n in ((few, 1), (many, 5)):
        opened_days_ago(case, 100)
        fill(case, lead, n)
    legal(many, lead)
    challenge(many, lead)
    client = client_for(lead)
    client.get(page(few))  # the session's first read
    counted = []
    for case in (few, many):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page(case)).status_code == 200
        counted.append(len(queries))
    assert counted[0] == counted[1], counted
