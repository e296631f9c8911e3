"""The demo casework seed_demo adds: every stage in both demo authorities, a real caseload for each demo
practitioner, every kind of record, dates that hang together, a sound audit trail, nothing more on a second run, and
nobody outside the case's authority or role getting at it."""

import datetime as dt
import random
from collections import Counter

import pytest
from dateutil.relativedelta import relativedelta
from django.core.management import call_command
from django.utils import timezone
from django_scopes import scopes_disabled

from accounts.models import Membership
from audit.models import AuditEvent
from cases import demo, permissions, selectors, services
from cases.comparison import HIGHER, LOWER, assessment_comparison
from cases.lapsing import intervention_is_lapsed
from cases.models import (
    WORK_ON_CASE,
    Assessment,
    Case,
    CaseNote,
    CaseStatus,
    CaseTransition,
    CaseUserObjectPermission,
    Challenge,
    ChallengeSource,
    Closure,
    ClosureStatus,
    Intervention,
    InterventionOutcome,
    InterventionSession,
    InterventionStatus,
    InterventionType,
    LegalAction,
    Review,
    ReviewKind,
)
from cases.transitions import TRANSITIONS
from consensus.models import Timescales
from consensus.working_days import LONDON
from core.exceptions import PermissionDenied
from core.tenancy import authority_scope

pytestmark = pytest.mark.django_db
TOWNS = {"NMR": "Northmoor", "EVL": "Eastvale"}
NAMES = {"NMR": "Northmoor Borough Council", "EVL": "Eastvale District Council"}
INVENTED_PLACES = ("Northmoor", "Eastvale", "Moorshire")
TRANSITION_ACTIONS = {"cases.case.opened"} | {transition.audit_action for moves in TRANSITIONS.values()
                                              for transition in moves.values()}


def _day(at: dt.datetime) -> dt.date:
    return timezone.localtime(at, LONDON).date()


def _rows() -> tuple[int, ...]:
    with scopes_disabled():
        return tuple(model.objects.count() for model in (Case, CaseTransition, Assessment, Intervention,
                                                         InterventionSession, Review, Closure, CaseNote, AuditEvent))


def _member(code: str, username: str) -> Membership:
    return Membership.objects.select_related("user").get(authority__code=code, user__username=username)


def _check_stages_and_people(code: str, cases: list[Case]) -> None:
    prefix = code.lower()
    assert set(Counter(case.status for case in cases)) == set(CaseStatus.values)
    assert any(case.times_reopened and not case.is_closed for case in cases)
    assert sum(case.restricted for case in cases) == 2
    unassigned = [case for case in cases if case.lead_worker is None]
    assert len(unassigned) == demo.UNASSIGNED and all(case.status == CaseStatus.OPEN for case in unassigned)
    workers = Counter(case.lead_worker.username for case in cases if case.lead_worker)
    assert set(workers) <= {f"{prefix}.practitioner", f"{prefix}.lead", f"{prefix}.manager", "shared.lead"}
    assert 6 <= workers[f"{prefix}.practitioner"] <= 10
    grants = set(CaseUserObjectPermission.objects.filter(content_object__authority__code=code,
                                                         permission__codename=WORK_ON_CASE)
                 .values_list("content_object_id", "user_id"))
    assert grants == {(case.pk, case.lead_worker_id) for case in cases if case.lead_worker_id}

    practitioner = _member(code, f"{prefix}.practitioner")
    with authority_scope(practitioner.authority_id):
        caseload = list(selectors.caseload_for(practitioner))
        visible = set(permissions.case_visible_to(practitioner).values_list("pk", flat=True))
    assert len(caseload) >= 5 and {case.lead_worker_id for case in caseload} == {practitioner.user_id}
    assert len({case.status for case in caseload}) >= 3
    assert visible == {case.pk for case in cases if case.lead_worker_id == practitioner.user_id}


def _check_interventions(code: str, today: dt.date) -> None:
    interventions = list(Intervention.objects.filter(authority__code=code).select_related("case"))
    assert {item.kind for item in interventions} == set(InterventionType.values)
    assert {item.outcome for item in interventions} - {""} == set(InterventionOutcome.values)
    assert {item.status for item in interventions} == set(InterventionStatus.values)
    lapse_weeks = Timescales.objects.get(version__authority__code=code, version__status="published") \
        .intervention_lapse_weeks
    assert any(intervention_is_lapsed(item, lapse_weeks=lapse_weeks, today=today) for item in interventions)
    assert all(item.provider.startswith(INVENTED_PLACES) for item in interventions)
    sessions = Counter()
    for session in InterventionSession.objects.filter(authority__code=code).select_related("intervention"):
        assert session.intervention.start_on <= session.held_on <= today
        sessions[session.intervention_id, session.attended] += 1
    assert sum(sessions.values()) >= 3 * len(interventions)
    for item in interventions:
        assert item.delivered_sessions == sessions[item.pk, True]
        assert item.start_on >= _day(item.case.opened_at)
        assert item.start_on <= today or item.status == InterventionStatus.PLANNED
        assert item.last_session_on is None or item.last_session_on <= today
        if item.status == InterventionStatus.ENDED:
            assert item.start_on <= item.end_on <= today and (item.last_session_on or item.start_on) <= item.end_on


def _check_assessments_and_reviews(code: str, cases: list[Case], today: dt.date) -> None:
    assessments = list(Assessment.objects.filter(authority__code=code).select_related("case"))
    assert all(_day(item.case.opened_at) <= item.assessed_on <= today for item in assessments)
    assessed = Counter(item.case_id for item in assessments)
    repeated = [item for item in assessments if assessed[item.case_id] > 1]
    assert len({item.case_id for item in repeated}) >= 3
    changes = {row.change for item in repeated for row in assessment_comparison(item)}
    assert {HIGHER, LOWER} & changes

    reviews = list(Review.objects.filter(authority__code=code).select_related("case"))
    held = Counter((review.kind, review.outcome) for review in reviews if review.held_on)
    assert {outcome for kind, outcome in held if kind == ReviewKind.SCHEDULED} == {"continue", "reassess",
                                                                                   "ready_to_close"}
    assert held[ReviewKind.POST_CLOSURE_FIRST, "no_concerns"] >= 1
    assert all(_day(review.case.opened_at) <= review.held_on <= today for review in reviews if review.held_on)
    waiting = {(review.case_id, review.kind): review for review in reviews
               if not review.held_on and not review.cancelled}
    for case in cases:
        if case.status in (CaseStatus.SUPPORT, CaseStatus.REVIEW):
            assert (case.pk, ReviewKind.SCHEDULED) in waiting
        if case.status == CaseStatus.CLOSED:  # both reviews after closure, waiting or held, when they fall due
            closed_on = _day(case.closed_at)
            after = {review.kind: review.due_on for review in reviews
                     if review.case_id == case.pk and review.kind != ReviewKind.SCHEDULED and not review.cancelled}
            assert after == {ReviewKind.POST_CLOSURE_FIRST: closed_on + relativedelta(months=6),
                             ReviewKind.POST_CLOSURE_SECOND: closed_on + relativedelta(months=12)}
    assert any(due < today for (_, kind), due in ((key, review.due_on) for key, review in waiting.items())
               if kind == ReviewKind.SCHEDULED)  # something overdue to show


def _check_closures_and_records(code: str, today: dt.date, now: dt.datetime) -> None:
    closures = list(Closure.objects.filter(authority__code=code))
    assert {closure.status for closure in closures} == set(ClosureStatus.values)
    for closure in closures:
        if closure.status != ClosureStatus.PROPOSED:
            assert closure.decided_by_id != closure.proposed_by_id
            assert closure.proposed_at < closure.decided_at <= now

    legal = list(LegalAction.objects.filter(authority__code=code))
    assert {action.outcome for action in legal} >= {"granted", "refused", "pending"}
    for action in legal:
        assert action.applied_on <= today and TOWNS[code] in action.court
        assert action.decided_on is None or action.applied_on <= action.decided_on <= today

    challenges = list(Challenge.objects.filter(authority__code=code).select_related("intervention"))
    assert {challenge.source for challenge in challenges} == set(ChallengeSource.values)
    for challenge in challenges:
        assert challenge.raised_on <= today
        assert challenge.responded_on is None or challenge.raised_on <= challenge.responded_on <= today
        assert challenge.intervention is None or challenge.intervention.case_id == challenge.case_id
        assert (challenge.source == ChallengeSource.COMMUNITY) == challenge.organisation.startswith(TOWNS[code])

    notes = list(CaseNote.objects.filter(authority__code=code).select_related("corrects", "case"))
    assert all(_day(note.case.opened_at) <= note.occurred_on <= today and note.written_at <= now for note in notes)
    corrections = [note for note in notes if note.corrects]
    assert corrections and all(note.corrects.case_id == note.case_id and note.corrects.written_by_id ==
                               note.written_by_id and note.corrects.written_at < note.written_at
                               for note in corrections)


def _check_history(cases: list[Case], now: dt.datetime) -> None:
    """Each case's status history runs in order from its opening to its status now, with an audit event for
    every change."""
    moves = {}
    for row in CaseTransition.objects.filter(case__in=cases).order_by("at", "pk"):
        moves.setdefault(row.case_id, []).append(row)
    audited = Counter(AuditEvent.objects.filter(target_type="cases.case", action__in=TRANSITION_ACTIONS,
                                                target_id__in=[str(case.pk) for case in cases])
                      .values_list("target_id", flat=True))
    for case in cases:
        rows = moves[case.pk]
        assert rows[0].from_status == "" and rows[0].at == case.opened_at and rows[-1].to_status == case.status
        assert all(earlier.to_status == later.from_status and earlier.at <= later.at <= now
                   for earlier, later in zip(rows, rows[1:], strict=False))
        assert audited[str(case.pk)] == len(rows)


def _check_authority(code: str, now: dt.datetime) -> None:
    today = _day(now)
    cases = list(Case.objects.filter(authority__code=code).select_related("lead_worker"))
    _check_stages_and_people(code, cases)
    _check_interventions(code, today)
    _check_assessments_and_reviews(code, cases, today)
    _check_closures_and_records(code, today, now)
    _check_history(cases, now)


def _check_nobody_else_gets_in(outsider) -> None:
    """Another authority's people and the wrong roles cannot see or add to a demo case; a practitioner cannot
    reassign their own case; a restricted case is hidden from a lead with no grant on it."""
    with scopes_disabled():
        practitioner, shared = _member("NMR", "nmr.practitioner"), _member("NMR", "shared.lead")
        others = [outsider, _member("EVL", "evl.lead"), _member("NMR", "nmr.admin"), _member("NMR", "nmr.dpo")]
        case = Case.objects.filter(lead_worker=practitioner.user, restricted=False).first()
        hidden = [item.pk for item in Case.objects.filter(authority__code="NMR", restricted=True)
                  .exclude(lead_worker=shared.user)]
    note = {"kind": "note", "occurred_on": dt.date.today(), "text": "Should not be written."}
    for member in others:
        with authority_scope(member.authority_id):
            assert not permissions.case_visible_to(member).filter(pk=case.pk).exists()
            with pytest.raises(Case.DoesNotExist):
                services.note_add(case=case, actor_membership=member, **note)
    with authority_scope(practitioner.authority_id):
        with pytest.raises(PermissionDenied):
            services.case_assign(case=case, actor_membership=practitioner, lead_worker_id=shared.user_id)
        assert hidden and not permissions.case_visible_to(shared).filter(pk__in=hidden).exists()


def test_seed_demo_adds_casework_in_every_stage_once(settings, capsys, outsider):
    settings.DEMO_ACCOUNTS_ALLOWED = True
    call_command("seed_demo")
    first_output = capsys.readouterr().out

    now = timezone.now()
    with scopes_disabled():
        for code, name in NAMES.items():
            total = Case.objects.filter(authority__code=code).count()
            assert f"{name}: {total} cases (" in first_output
            _check_authority(code, now)
    _check_nobody_else_gets_in(outsider)

    call_command("verify_audit")
    assert capsys.readouterr().out.count(": intact (") == 2

    before = _rows()
    call_command("seed_demo")
    assert _rows() == before
    assert capsys.readouterr().out == first_output


def _facts(count: int, today: dt.date) -> list[demo.CaseFacts]:
    rng = random.Random("facts")  # noqa: S311
    pathways = ["channel", "child_in_need", "adult_safeguarding", "police_immediate", "early_help_assessment"]
    opened = sorted(dt.datetime.combine(today - dt.timedelta(days=rng.randint(2, 548)), dt.time(rng.randint(8, 20)),
                                        tzinfo=LONDON) for _ in range(count))
    return [demo.CaseFacts(index + 1, at, rng.choice(pathways), rng.random() < 0.6, "Alex", rng.random() < 0.2)
            for index, at in enumerate(opened)]


def test_the_same_seed_gives_the_same_plans_and_every_event_is_in_order_and_in_the_past():
    now = timezone.now()
    today = _day(now)
    facts = _facts(60, today)
    shared = {"town": "Northmoor", "timing": Timescales(), "factors": ["a", "b", "c", "d", "e", "f"], "top": 3}

    def plans():
        return demo._plans(random.Random("same seed"), facts, today, shared)  # noqa: S311

    first = plans()
    assert first == plans()
    assert {plan.stage for plan in first} == set(demo.STAGES)
    assert 6 <= sum(plan.worker == "practitioner" for plan in first) <= 10
    for plan in first:
        started = {}
        for event in sorted(plan.events, key=lambda event: (event.day, event.seq)):
            assert _day(plan.facts.opened_at) <= event.day < today
            if event.kind == "intervention":
                started[f"intervention-{event.seq}"] = event.args.get("start_on", event.day)
            if event.kind in ("session", "end"):
                assert event.day >= started[event.args["intervention"].key]
        timed = demo._timed(random.Random(plan.facts.case_id), plan, now)  # noqa: S311
        assert len(timed) == len(plan.events)
        moments = [plan.facts.opened_at, *(at for at, _ in timed)]
        assert moments == sorted(moments) and len(set(moments)) == len(moments) and moments[-1] <= now
        assert all(_day(at) >= event.day for at, event in timed)
