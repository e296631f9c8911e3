"""generate_dataset's cases: one for each decision on a pathway that opens one, taken as far as its age allows.

A case is opened at its decision, assessed within a few weeks (risk level from the assessment), then supported
with one to three interventions and reviewed on the agreement's interval; most close after four to twelve months,
approved by the manager, with the two reviews after closure scheduled (and held, once due, as a rule). Some work
runs late on purpose, as it does in life: a review overdue, an intervention with no session for weeks (lapsed), a
case still waiting for a lead worker. Written with ``bulk_create``, like the referrals (see reports.dataset).
"""

from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.contrib.auth.models import Permission

from cases.models import (
    WORK_ON_CASE,
    Assessment,
    AssessmentRating,
    Case,
    CaseStatus,
    CaseTransition,
    CaseUserObjectPermission,
    Closure,
    ClosureReason,
    ClosureStatus,
    Intervention,
    InterventionOutcome,
    InterventionStatus,
    InterventionType,
    Review,
    ReviewKind,
    ReviewOutcome,
    RiskLevel,
)
from consensus.working_days import LONDON, add_working_days

BATCH = 2000
KINDS = {InterventionType.MENTORING: 34, InterventionType.EDUCATION: 14, InterventionType.MENTAL_HEALTH: 12,
         InterventionType.FAMILY_SUPPORT: 12, InterventionType.YOUTH: 12, InterventionType.EMPLOYMENT: 6,
         InterventionType.HOUSING: 5, InterventionType.OTHER: 5}
OUTCOMES = {InterventionOutcome.ACHIEVED: 48, InterventionOutcome.PARTLY_ACHIEVED: 26,
            InterventionOutcome.NOT_ACHIEVED: 12, InterventionOutcome.DISENGAGED: 14}
RISKS = {RiskLevel.HIGH: 15, RiskLevel.MEDIUM: 45, RiskLevel.LOW: 40}
CLOSURE_REASONS = {ClosureReason.VULNERABILITY_REDUCED: 62, ClosureReason.POLICE_LED: 10,
                   ClosureReason.MOVED_AWAY: 10, ClosureReason.CONSENT_DECLINED: 13, ClosureReason.OTHER: 5}
PROVIDERS = ["Northmoor Mentoring Partnership (fictional)", "Example Youth Trust", "Northmoor College",
             "Moorside Community Mental Health Team", "Example Families First", "Northmoor Works"]
LAPSED_SHARE = 0.12
OVERDUE_REVIEW_SHARE = 0.15
UNALLOCATED_SHARE = 0.3  # of cases opened in the last fortnight


def _day(at: datetime) -> date:
    return at.astimezone(LONDON).date()


class CaseMaker:
    def __init__(self, generator, staff):
        self.g, self.staff, self.rng = generator, staff, generator.rng
        self.version, self.authority = generator.version, generator.authority
        self.today = _day(generator.now)
        self.timescales = self.version.timescales
        self.factors = list(self.version.factors.all())
        self.levels = {level.score: level for level in self.version.rating_levels.all()}
        self.permission = Permission.objects.get(codename=WORK_ON_CASE, content_type__app_label="cases")
        self.rows = {name: [] for name in ("cases", "transitions", "grants", "assessments", "ratings",
                                           "interventions", "reviews", "closures")}

    def pick(self, weights: dict):
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def days(self, low: int, high: int) -> timedelta:
        return timedelta(days=self.rng.randint(low, high))

    def worker(self, referral):
        if referral.pathway.code == "channel":
            return self.staff.teams["prevent"], self.staff.leads["prevent"]
        hint = "children" if referral.subject_group == "child" else "adults"
        return self.staff.teams[hint], self.rng.choice(self.staff.practitioners[hint])

    def make(self, referrals) -> dict:
        for referral in referrals:
            self.case(referral)
        self.write()
        return {name: len(rows) for name, rows in self.rows.items()}

    def case(self, referral) -> None:
        opened = referral.decided_at
        team, worker = self.worker(referral)
        if (self.today - _day(opened)).days < 14 and self.rng.random() < UNALLOCATED_SHARE:
            worker = None
        case = Case(authority=self.authority, reference=self.g.reference("case", opened),
                    subject_id=referral.subject_id, referral_id=referral.pk, team=team,
                    lead_worker=worker.user if worker else None, status=CaseStatus.OPEN, opened_at=opened,
                    opened_by=referral.decided_by, consensus_version=self.version,
                    assessment_due_on=_day(add_working_days(opened, self.timescales.assessment_working_days)))
        self.rows["cases"].append(case)
        if worker is not None:
            self.rows["grants"].append((case, worker.user))
        self.move(case, "", CaseStatus.OPEN, referral.decided_by, opened)
        actor = worker.user if worker else referral.decided_by
        assessing = opened + self.days(1, 7)
        if assessing.astimezone(LONDON).date() > self.today:
            return
        self.move(case, CaseStatus.OPEN, CaseStatus.ASSESSMENT, actor, assessing)
        assessed_on = _day(opened) + self.days(12, 45)
        if assessed_on > self.today:
            return
        self.assess(case, assessed_on, actor)
        support_on = assessed_on + self.days(1, 7)
        if support_on > self.today:
            return
        self.move(case, CaseStatus.ASSESSMENT, CaseStatus.SUPPORT, actor, self.at(support_on))
        closes_on = support_on + self.days(110, 360) if self.rng.random() < 0.85 else None
        closed = closes_on is not None and closes_on <= self.today
        until = closes_on if closed else self.today
        self.interventions(case, support_on, until, closed, actor)
        last_review = self.held_reviews(case, support_on, until, actor)
        if closed:
            self.close(case, closes_on, worker, actor)
        else:
            due = last_review + timedelta(weeks=self.timescales.review_interval_weeks)
            if due < self.today and self.rng.random() > OVERDUE_REVIEW_SHARE:
                due = self.today + self.days(1, 80)
            self.review(case, ReviewKind.SCHEDULED, due, None, None)
            case.next_review_on = due
            if self.rng.random() < 0.2:
                self.move(case, CaseStatus.SUPPORT, CaseStatus.REVIEW, actor, self.at(self.today - self.days(0, 6)))

    def at(self, day: date) -> datetime:
        moment = datetime(day.year, day.month, day.day, 11, self.rng.randint(0, 59), tzinfo=LONDON)
        return min(moment, self.g.now - timedelta(minutes=1))

    def move(self, case, old, new, actor, at) -> None:
        case.status = new
        self.rows["transitions"].append(CaseTransition(authority=self.authority, case=case, from_status=old,
                                                       to_status=new, actor=actor, consensus_version=self.version,
                                                       at=at))

    def assess(self, case, on: date, actor) -> None:
        risk = self.pick(RISKS)
        case.risk_level = risk
        assessment = Assessment(authority=self.authority, case=case, consensus_version=self.version, assessed_on=on,
                                assessed_by=actor, summary="Assessment against the agreed framework (fictional).",
                                plan="Support plan agreed with the person and their family (fictional).",
                                overall_risk=risk)
        self.rows["assessments"].append(assessment)
        top = {RiskLevel.HIGH: 3, RiskLevel.MEDIUM: 2, RiskLevel.LOW: 1}[risk]
        for factor in self.factors:
            level = self.levels[self.rng.randint(max(0, top - 1), top)]
            self.rows["ratings"].append(AssessmentRating(authority=self.authority, assessment=assessment,
                                                         factor=factor, factor_code=factor.code,
                                                         rating_level=level, score=level.score))

    def interventions(self, case, support_on: date, until: date, closed: bool, actor) -> None:
        lapse = timedelta(weeks=self.timescales.intervention_lapse_weeks)
        for _ in range(self.rng.choice([1, 1, 2, 2, 3])):
            start = min(support_on + self.days(0, 25), until)
            planned = self.rng.randint(6, 12)
            intervention = Intervention(authority=self.authority, case=case, kind=self.pick(KINDS),
                                        provider=self.rng.choice(PROVIDERS), planned_sessions=planned,
                                        start_on=start, created_by=actor)
            runs_for = self.days(planned * 7, planned * 14)
            if closed or start + runs_for <= self.today - self.days(0, 30):
                end = min(start + runs_for, until)
                intervention.status, intervention.end_on, intervention.outcome = (
                    InterventionStatus.ENDED, end, self.pick(OUTCOMES))
                intervention.last_session_on = end
                intervention.delivered_sessions = self.rng.randint(planned // 2, planned)
            elif start > self.today - self.days(0, 5):
                intervention.status = InterventionStatus.PLANNED
            else:
                intervention.status = InterventionStatus.ACTIVE
                if self.rng.random() < LAPSED_SHARE and start < self.today - lapse - timedelta(weeks=1):
                    intervention.last_session_on = self.today - lapse - self.days(1, 40)
                else:
                    intervention.last_session_on = max(start, self.today - self.days(0, 20))
                intervention.last_session_on = max(intervention.last_session_on, start)
                weeks = max((intervention.last_session_on - start).days // 7, 1)
                intervention.delivered_sessions = min(weeks, planned)
            self.rows["interventions"].append(intervention)

    def held_reviews(self, case, support_on: date, until: date, actor) -> date:
        """Scheduled reviews held on time or nearly, every interval from the start of support; the last due day."""
        due = support_on
        interval = timedelta(weeks=self.timescales.review_interval_weeks)
        while due + interval <= until:
            due += interval
            held = min(due + self.days(-5, 10), self.today)
            self.review(case, ReviewKind.SCHEDULED, due, held, ReviewOutcome.CONTINUE, actor)
        return due

    def review(self, case, kind, due: date, held: date | None, outcome, actor=None) -> None:
        self.rows["reviews"].append(Review(authority=self.authority, case=case, kind=kind, due_on=due, held_on=held,
                                           held_by=actor if held else None, outcome=outcome or "",
                                           summary="Review held (fictional)." if held else ""))

    def close(self, case, on: date, worker, actor) -> None:
        closed_at = self.at(on)
        self.rows["closures"].append(Closure(
            authority=self.authority, case=case, reason=self.pick(CLOSURE_REASONS),
            summary="The support plan's aims were met (fictional).", status=ClosureStatus.APPROVED,
            proposed_by=actor, proposed_at=closed_at - timedelta(days=2), decided_by=self.staff.manager.user,
            decided_at=closed_at))
        case.closure_reason = self.rows["closures"][-1].reason
        self.move(case, case.status, CaseStatus.CLOSED, self.staff.manager.user, closed_at)
        case.closed_at = closed_at
        for kind, months in ((ReviewKind.POST_CLOSURE_FIRST, self.timescales.first_post_closure_review_months),
                             (ReviewKind.POST_CLOSURE_SECOND, self.timescales.second_post_closure_review_months)):
            due = on + relativedelta(months=months)
            held = due + self.days(-7, 14) if due < self.today and self.rng.random() < 0.85 else None
            held = held if held is None or held <= self.today else None
            self.review(case, kind, due, held, ReviewOutcome.NO_CONCERNS if held else None, actor)

    def write(self) -> None:
        rows = self.rows
        Case.objects.bulk_create(rows["cases"], batch_size=BATCH)
        CaseUserObjectPermission.objects.bulk_create([
            CaseUserObjectPermission(content_object=case, user=user, permission=self.permission)
            for case, user in rows["grants"]], batch_size=BATCH)
        for name in ("transitions", "assessments", "interventions", "reviews", "closures"):
            for row in rows[name]:
                row.case_id = row.case.pk
        for name, model in (("transitions", CaseTransition), ("assessments", Assessment),
                            ("interventions", Intervention), ("reviews", Review), ("closures", Closure)):
            model.objects.bulk_create(rows[name], batch_size=BATCH)
        for rating in rows["ratings"]:
            rating.assessment_id = rating.assessment.pk
        AssessmentRating.objects.bulk_create(rows["ratings"], batch_size=BATCH)
