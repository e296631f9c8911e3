"""Reviews on the agreement's schedule, and review_record: scheduled reviews while the case is worked, the two
reviews after closure (6 and 12 calendar months after the closure date in London), and reopening from one."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone
from django_scopes import scopes_disabled

from audit.models import AuditEvent
from cases.models import Case, CaseStatus, CaseTransition, Review
from cases.services import case_start_review, review_record
from cases.services._common import local_date, today
from consensus.working_days import add_working_days
from core.exceptions import FieldErrors, InvalidTransition, PermissionDenied
from tests.cases.conftest import fresh_case
from tests.cases.steps import act, close, in_support, reviews_of, timescales_of, waiting_review

pytestmark = pytest.mark.django_db
S = CaseStatus
LONDON = ZoneInfo("Europe/London")
FOUND = "Attending mentoring; no new concerns from school or family."


def record(review, by, *, outcome="continue", held_on=None, summary=FOUND, at=None):
    return act(by, review_record, review=review, held_on=held_on or today(), summary=summary, outcome=outcome, at=at)


def interval(case) -> dt.timedelta:
    return dt.timedelta(weeks=timescales_of(case).review_interval_weeks)


def moves(case) -> list[tuple[str, str]]:
    with scopes_disabled():
        return list(CaseTransition.objects.filter(case_id=case.pk).values_list("from_status", "to_status"))[1:]


def test_support_books_the_first_review_on_the_agreements_interval(case, lead):
    case = in_support(case, lead)
    assert reviews_of(case) == [("scheduled", today() + interval(case), False, "")]
    assert case.next_review_on == today() + interval(case)


def test_continue_returns_the_case_to_support_and_books_the_next_review(case, lead, practitioner, audit_rows):
    case = in_support(case, lead, practitioner)
    act(practitioner, case_start_review, case=case)
    held_on = today()
    review = record(waiting_review(case), practitioner, held_on=held_on)
    case = fresh_case(case)
    assert (review.held_on, review.held_by_id, review.outcome, review.summary) == (
        held_on, practitioner.user_id, "continue", FOUND)
    assert case.status == S.SUPPORT and case.next_review_on == held_on + interval(case)
    assert reviews_of(case)[-1] == ("scheduled", held_on + interval(case), False, "")
    assert moves(case)[-2:] == [("support", "review"), ("review", "support")]
    assert audit_rows()[-4:] == [
        ("cases.case.review_started", "pat.practitioner"),
        ("cases.review.recorded", "pat.practitioner"),
        ("cases.case.support_resumed", "pat.practitioner"),
        ("cases.review.scheduled", "pat.practitioner"),
    ]
    with scopes_disabled():
        event = AuditEvent.objects.get(action="cases.review.recorded")
    assert (event.data["review_id"], event.data["outcome"], event.data["held_on"]) == (
        review.pk, "continue", held_on.isoformat())


def test_a_review_held_during_support_that_continues_leaves_the_status_alone(case, lead):
    case = in_support(case, lead)
    record(waiting_review(case), lead)
    assert fresh_case(case).status == S.SUPPORT and moves(case) == [("open", "assessment"), ("assessment", "support")]


def test_reassess_returns_the_case_to_assessment(case, lead):
    case = in_support(case, lead)
    record(waiting_review(case), lead, outcome="reassess")
    case = fresh_case(case)
    assert case.status == S.ASSESSMENT and case.next_review_on is None
    assert moves(case)[-2:] == [("support", "review"), ("review", "assessment")]
    assert [row[2:] for row in reviews_of(case)] == [(False, "reassess")]


def test_ready_to_close_stays_in_review_with_the_next_review_booked(case, lead):
    case = in_support(case, lead)
    record(waiting_review(case), lead, outcome="ready_to_close")
    case = fresh_case(case)
    assert case.status == S.REVIEW and case.next_review_on == today() + interval(case)


def test_every_problem_is_reported_together_and_nothing_is_written(case, lead, audit_rows):
    case = in_support(case, lead)
    review = waiting_review(case)
    written = len(audit_rows())
    with pytest.raises(FieldErrors) as refused:
        record(review, lead, held_on=today() + dt.timedelta(days=1), summary="  ", outcome="no_concerns")
    assert refused.value.errors == {"held_on": ["Enter a date that is not in the future"],
                                    "summary": ["Enter what the review found"],
                                    "outcome": ["Choose what happens next"]}
    with pytest.raises(FieldErrors) as refused:
        act(lead, review_record, review=review, held_on="2026-01-01", summary=FOUND, outcome="continue")
    assert refused.value.errors == {"held_on": ["Enter the date the review was held"]}
    with pytest.raises(FieldErrors) as refused:
        record(review, lead, held_on=local_date(case.opened_at) - dt.timedelta(days=1))
    assert refused.value.errors["held_on"][0].startswith("The review date must be on or after the date the case "
                                                         "opened (")
    assert waiting_review(case).pk == review.pk and len(audit_rows()) == written


def test_a_review_is_recorded_once_and_a_cancelled_one_not_at_all(case, lead):
    case = in_support(case, lead)
    review = waiting_review(case)
    record(review, lead)
    with pytest.raises(InvalidTransition, match="recorded already"):
        record(review, lead)
    with scopes_disabled():
        Review.objects.filter(case_id=case.pk, held_on__isnull=True).update(cancelled=True)
        cancelled = Review.objects.get(case_id=case.pk, cancelled=True)
    with pytest.raises(InvalidTransition, match="cancelled"):
        record(cancelled, lead)


def test_a_scheduled_review_needs_the_case_in_support_or_review(case, lead):
    case = in_support(case, lead)
    review = waiting_review(case)
    record(review, lead, outcome="reassess")
    with scopes_disabled():
        again = Review.objects.create(authority_id=case.authority_id, case_id=case.pk, kind="scheduled",
                                      due_on=today())
    with pytest.raises(InvalidTransition, match="in assessment"):
        record(again, lead)


@pytest.mark.parametrize(("closed_at", "first", "second"), [
    (dt.datetime(2024, 8, 31, 12, 0, tzinfo=LONDON), dt.date(2025, 2, 28), dt.date(2025, 8, 31)),
    (dt.datetime(2023, 8, 31, 12, 0, tzinfo=LONDON), dt.date(2024, 2, 29), dt.date(2024, 8, 31)),
    # 23:30 in UTC on 31 August is 00:30 on 1 September in London (summer time): the London date counts.
    (dt.datetime(2024, 8, 31, 23, 30, tzinfo=dt.UTC), dt.date(2025, 3, 1), dt.date(2025, 9, 1)),
    (dt.datetime(2025, 3, 15, 9, 0, tzinfo=LONDON), dt.date(2025, 9, 15), dt.date(2026, 3, 15)),
])
def test_the_reviews_after_closure_fall_on_calendar_months_from_the_london_closure_date(
        case, lead, manager, closed_at, first, second):
    timescales = timescales_of(case)
    assert (timescales.first_post_closure_review_months, timescales.second_post_closure_review_months) == (6, 12)
    case = close(case, lead, manager, at=closed_at)
    assert case.closed_at == closed_at
    assert reviews_of(case) == [("post_closure_first", first, False, ""), ("post_closure_second", second, False, "")]


def test_closing_cancels_the_scheduled_review_and_books_the_two_after_closure(case, lead, manager, audit_rows):
    case = in_support(case, lead)
    scheduled_due = case.next_review_on
    written = len(audit_rows())
    case = close(case, lead, manager)
    closed_on = local_date(case.closed_at)
    assert case.next_review_on is None
    assert [row[:3] for row in reviews_of(case)] == [
        ("scheduled", scheduled_due, True),
        ("post_closure_first", closed_on + relativedelta(months=6), False),
        ("post_closure_second", closed_on + relativedelta(months=12), False),
    ]
    assert audit_rows()[written:] == [
        ("cases.closure.proposed", "lee.lead"),
        ("cases.case.closed", "max.manager"),
        ("cases.review.cancelled", "max.manager"),
        ("cases.review.scheduled", "max.manager"),
        ("cases.review.scheduled", "max.manager"),
    ]


def test_a_review_after_closure_with_no_concerns_leaves_the_case_closed(case, lead, manager, practitioner):
    case = close(in_support(case, lead, practitioner), lead, manager)
    record(waiting_review(case, "post_closure_first"), practitioner, outcome="no_concerns")
    case = fresh_case(case)
    assert case.status == S.CLOSED
    assert [row[2:] for row in reviews_of(case)[1:]] == [(False, "no_concerns"), (False, "")]


def test_a_review_after_closure_can_reopen_the_case(case, lead, manager, audit_rows):
    closed_at = timezone.now() - dt.timedelta(days=200)
    case = close(in_support(case, lead), lead, manager, at=closed_at)
    written = len(audit_rows())
    record(waiting_review(case, "post_closure_first"), manager, outcome="reopen", summary="New concerns at college.")
    case = fresh_case(case)
    days = timescales_of(case).assessment_working_days
    assert (case.status, case.times_reopened, case.closed_at, case.closure_reason) == (S.OPEN, 1, None, "")
    assert case.assessment_due_on == local_date(add_working_days(timezone.now(), days))
    assert [row[:3] for row in reviews_of(case) if row[0] != "scheduled"] == [
        ("post_closure_first", local_date(closed_at) + relativedelta(months=6), False),
        ("post_closure_second", local_date(closed_at) + relativedelta(months=12), True)]
    assert moves(case)[-1] == ("closed", "open")
    assert audit_rows()[written:] == [
        ("cases.review.recorded", "max.manager"),
        ("cases.case.reopened", "max.manager"),
        ("cases.review.cancelled", "max.manager"),
    ]


def test_a_practitioner_records_reviews_after_closure_but_a_lead_reopens(case, lead, manager, practitioner,
                                                                         audit_rows):
    case = close(in_support(case, lead, practitioner), lead, manager)
    written = len(audit_rows())
    with pytest.raises(FieldErrors) as refused:
        record(waiting_review(case, "post_closure_first"), practitioner, outcome="reopen")
    assert refused.value.errors == {
        "outcome": ["Only a safeguarding lead or manager can reopen a case: ask one to record this review"]}
    with pytest.raises(FieldErrors) as refused:
        record(waiting_review(case, "post_closure_first"), practitioner, outcome="continue")
    assert set(refused.value.errors) == {"outcome"}
    assert fresh_case(case).status == S.CLOSED and len(audit_rows()) == written


def test_a_review_after_closure_cannot_be_dated_before_the_closure(case, lead, manager):
    case = close(case, lead, manager)
    with pytest.raises(FieldErrors) as refused:
        record(waiting_review(case, "post_closure_first"), lead, outcome="no_concerns",
               held_on=local_date(case.closed_at) - dt.timedelta(days=1))
    assert refused.value.errors["held_on"][0].startswith("The review date must be on or after the date the case "
                                                         "closed (")


def test_wrong_role_and_other_authority_cannot_record_a_review(case, lead, admin_member, dpo, outsider, home,
                                                              audit_rows):
    from accounts.roles import Role
    from cases.services import case_grant_access, case_set_restricted
    from tests.referrals.conftest import make_member

    case = in_support(case, lead)
    review = waiting_review(case)
    written = len(audit_rows())
    for someone in (admin_member, dpo, outsider):
        with pytest.raises(Case.DoesNotExist):
            record(review, someone)
    assert len(audit_rows()) == written
    viewer = make_member(home, Role.PRACTITIONER, "vic.viewer")
    act(lead, case_set_restricted, case=case, restricted=True, reason="Related to a member of staff.")
    act(lead, case_grant_access, case=case, user_id=viewer.user_id)
    written = len(audit_rows())
    with pytest.raises(PermissionDenied):
        record(review, viewer)
    assert waiting_review(case).pk == review.pk and len(audit_rows()) == written
