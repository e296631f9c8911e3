"""Reviews: scheduling them on the agreement's timescales and recording them.

While a case is worked, a scheduled review falls due every ``review_interval_weeks`` (the first when support
starts); when a closure is approved, the reviews still waiting are cancelled and the two reviews after closure are
scheduled, ``first_post_closure_review_months`` and ``second_post_closure_review_months`` after the closure date
(calendar months, in London: closing on 31 August gives 28 or 29 February). A review after closure can reopen the
case.

The scheduling helpers below write inside the calling service's transaction, on a case it has locked."""

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.db import transaction

from accounts.models import Membership
from audit.services import audit_record
from cases import permissions, transitions
from cases.models import (
    POST_CLOSURE_KINDS,
    POST_CLOSURE_OUTCOMES,
    SCHEDULED_OUTCOMES,
    Case,
    CaseStatus,
    Review,
    ReviewKind,
    ReviewOutcome,
)
from cases.models.choices import SUMMARY_MAX
from cases.services._common import backdated, local_date, lock_case, moment, version_in_force
from core.exceptions import FieldErrors, InvalidTransition

__all__ = [
    "cancel_pending_reviews", "review_record", "review_schedule", "reviews_waiting", "schedule_first_review",
    "schedule_next_review", "schedule_post_closure_reviews", "set_next_review",
]

A = permissions.CaseAction
S = CaseStatus


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def reviews_waiting(case: Case, kinds: Iterable[str] | None = None):
    """The reviews of ``case`` not held and not cancelled (of ``kinds``, when given), earliest due first."""
    reviews = Review.objects.filter(case=case, held_on__isnull=True, cancelled=False)
    if kinds is not None:
        reviews = reviews.filter(kind__in=list(kinds))
    return reviews.order_by("due_on", "pk")


def review_schedule(*, case: Case, actor_membership: Membership, kind: str, due_on: date,
                    at: datetime | None = None) -> Review:
    """Add one review of ``kind`` due on ``due_on``, with its audit event."""
    review = Review.objects.create(authority_id=case.authority_id, case=case, kind=kind, due_on=due_on)
    audit_record(action="cases.review.scheduled", actor=actor_membership.user, target=case,
                 data={"reference": case.reference, "review_id": review.pk, "kind": kind,
                       "due_on": due_on.isoformat(), **backdated(at)})
    return review


def set_next_review(case: Case, due_on: date | None) -> None:
    """Keep ``case.next_review_on`` (what the caseload shows) in step with the reviews waiting."""
    if case.next_review_on != due_on:
        case.next_review_on = due_on
        case.save(update_fields=["next_review_on", "updated_at"])


def schedule_first_review(*, case: Case, actor_membership: Membership, when: datetime,
                          at: datetime | None = None) -> Review:
    """Support has started: the scheduled review already waiting, or a new one due the agreement's review
    interval after today. Sets ``case.next_review_on``."""
    review = reviews_waiting(case, [ReviewKind.SCHEDULED]).first()
    if review is None:
        weeks = version_in_force(case.authority_id).timescales.review_interval_weeks
        review = review_schedule(case=case, actor_membership=actor_membership, kind=ReviewKind.SCHEDULED,
                                 due_on=local_date(when) + timedelta(weeks=weeks), at=at)
    set_next_review(case, review.due_on)
    return review


def schedule_next_review(*, case: Case, actor_membership: Membership, held_on: date,
                         at: datetime | None = None) -> Review:
    """A review was held on ``held_on``: the next is due the agreement's review interval later."""
    weeks = version_in_force(case.authority_id).timescales.review_interval_weeks
    review = review_schedule(case=case, actor_membership=actor_membership, kind=ReviewKind.SCHEDULED,
                             due_on=held_on + timedelta(weeks=weeks), at=at)
    set_next_review(case, review.due_on)
    return review


def schedule_post_closure_reviews(*, case: Case, actor_membership: Membership, closed_at: datetime,
                                  at: datetime | None = None) -> list[Review]:
    """The two reviews after closure, the agreement's numbers of calendar months after the closure date."""
    timescales = version_in_force(case.authority_id).timescales
    closed_on = local_date(closed_at)
    return [review_schedule(case=case, actor_membership=actor_membership, kind=kind,
                            due_on=closed_on + relativedelta(months=months), at=at)
            for kind, months in ((ReviewKind.POST_CLOSURE_FIRST, timescales.first_post_closure_review_months),
                                 (ReviewKind.POST_CLOSURE_SECOND, timescales.second_post_closure_review_months))]


def cancel_pending_reviews(*, case: Case, actor_membership: Membership, why: str,
                           kinds: Iterable[str] | None = None, at: datetime | None = None) -> list[int]:
    """Cancel the reviews of ``case`` still waiting (of ``kinds``, when given), one audit event each; clears
    ``case.next_review_on``. Returns the ids cancelled."""
    cancelled = []
    for review in reviews_waiting(case, kinds).select_for_update():
        review.cancelled = True
        review.save(update_fields=["cancelled", "updated_at"])
        audit_record(action="cases.review.cancelled", actor=actor_membership.user, target=case,
                     data={"reference": case.reference, "review_id": review.pk, "kind": review.kind,
                           "due_on": review.due_on.isoformat(), "why": why, **backdated(at)})
        cancelled.append(review.pk)
    set_next_review(case, None)
    return cancelled


def _require_recordable(case: Case, review: Review) -> None:
    if review.held_on is not None:
        raise InvalidTransition("This review has been recorded already.")
    if review.cancelled:
        raise InvalidTransition("This review was cancelled, so it cannot be recorded.")
    if review.kind in POST_CLOSURE_KINDS and not case.is_closed:
        raise InvalidTransition("This review follows a closure, but the case is not closed now.")
    if review.kind == ReviewKind.SCHEDULED and case.status not in (S.SUPPORT, S.REVIEW):
        state = transitions.status_phrase(case.status)
        raise InvalidTransition(f"This case is {state}, so a scheduled review cannot be recorded: reviews are held "
                                "during support.")


def _clean(review: Review, case: Case, actor_membership: Membership, *, held_on, summary, outcome,
           today: date) -> str:
    errors = {}
    earliest = local_date(case.closed_at) if review.kind in POST_CLOSURE_KINDS else local_date(case.opened_at)
    if not isinstance(held_on, date) or isinstance(held_on, datetime):
        errors["held_on"] = ["Enter the date the review was held"]
    elif held_on > today:
        errors["held_on"] = ["Enter a date that is not in the future"]
    elif held_on < earliest:
        after = "the case closed" if review.kind in POST_CLOSURE_KINDS else "the case opened"
        errors["held_on"] = [f"The review date must be on or after the date {after} ({long_date(earliest)})"]
    summary = summary.strip() if isinstance(summary, str) else ""
    if not summary:
        errors["summary"] = ["Enter what the review found"]
    elif len(summary) > SUMMARY_MAX:
        errors["summary"] = [f"The summary must be {SUMMARY_MAX:,} characters or fewer"]
    allowed = POST_CLOSURE_OUTCOMES if review.kind in POST_CLOSURE_KINDS else SCHEDULED_OUTCOMES
    if outcome not in allowed:
        errors["outcome"] = ["Choose what happens next"]
    elif outcome == ReviewOutcome.REOPEN and not permissions.can(actor_membership, A.REOPEN, case):
        errors["outcome"] = ["Only a safeguarding lead or manager can reopen a case: ask one to record this review"]
    if errors:
        raise FieldErrors(errors)
    return summary


def _follow_scheduled(case: Case, review: Review, actor_membership: Membership, when: datetime,
                      at: datetime | None) -> None:
    """What a scheduled review's outcome does to the case. Held during support, the case passes through review."""
    move = {"actor_membership": actor_membership, "at": when, "backdated_at": at,
            "data": {"review_id": review.pk, "outcome": review.outcome}}
    if review.outcome == ReviewOutcome.CONTINUE:
        if case.status == S.REVIEW:
            transitions.case_move(case=case, to_status=S.SUPPORT, **move)
        schedule_next_review(case=case, actor_membership=actor_membership, held_on=review.held_on, at=at)
        return
    if case.status == S.SUPPORT:
        transitions.case_move(case=case, to_status=S.REVIEW, **move)
    if review.outcome == ReviewOutcome.REASSESS:
        transitions.case_move(case=case, to_status=S.ASSESSMENT, **move)
        set_next_review(case, None)
    else:  # ready to close: the next review is booked all the same, in case the closure is not approved
        schedule_next_review(case=case, actor_membership=actor_membership, held_on=review.held_on, at=at)


@transaction.atomic
def review_record(*, review: Review, actor_membership: Membership, held_on: date, summary: str, outcome: str,
                  at: datetime | None = None) -> Review:
    """Record a review that is waiting: when it was held, what it found and what happens next.

    A scheduled review (the case in support or review): ``continue`` returns the case to support and books the next
    review (``held_on`` plus the interval); ``reassess`` returns it to assessment; ``ready_to_close`` leaves it in
    review (the next review is booked in case the closure is not approved). A review after closure: ``no_concerns``
    leaves the case closed; ``reopen`` reopens it (a lead or manager only)."""
    case = lock_case(review.case_id, actor_membership, A.VIEW)
    review = Review.objects.select_for_update().get(pk=review.pk, case=case)
    _require_recordable(case, review)
    permissions.require(actor_membership, A.REVIEW, case)
    when = moment(at)
    summary = _clean(review, case, actor_membership, held_on=held_on, summary=summary, outcome=outcome,
                     today=local_date(when))
    review.held_on, review.held_by, review.summary, review.outcome = held_on, actor_membership.user, summary, outcome
    review.save(update_fields=["held_on", "held_by", "summary", "outcome", "updated_at"])
    audit_record(action="cases.review.recorded", actor=actor_membership.user, target=case,
                 data={"reference": case.reference, "review_id": review.pk, "kind": review.kind,
                       "held_on": held_on.isoformat(), "outcome": outcome, **backdated(at)})
    if review.kind == ReviewKind.SCHEDULED:
        _follow_scheduled(case, review, actor_membership, when, at)
    elif outcome == ReviewOutcome.REOPEN:
        from cases.services.lifecycle import reopen_locked  # lifecycle imports this module's scheduling helpers

        reopen_locked(case=case, actor_membership=actor_membership, when=when, at=at,
                      reason=f"{review.get_kind_display()} held on {long_date(held_on)}: concerns found",
                      data={"review_id": review.pk})
    return review
