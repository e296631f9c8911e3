"""Demo casework: the cases the demo referrals opened, worked by the demo people through the case services
(backdated with ``at=``), so each has its history and audit trail.

Each case gets a story that fits its age: the newest are open (two per authority still without a lead worker); then
assessment; support, with interventions and their sessions; reviews every twelve weeks (some reassess, so two
assessments can be compared); closure proposed and approved by someone else; the reviews after closure; and two
reopenings. A few cases have court applications and challenges, two are restricted, one note is corrected. Each demo
practitioner leads about eight cases of their team; the rest go to the leads and managers (there are no others).

Everything is invented: providers and courts are named after the invented towns and county. Every event is on a past
day; only what is scheduled (reviews due, a hearing, an intervention starting next week) is ahead. The same seed and
moment give the same casework; an authority whose cases already have lead workers gets no more.
"""

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import cycle
from typing import NamedTuple

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from accounts.models import Authority, Membership
from cases import services
from cases.models import Case, CaseStatus, Review
from cases.services._common import local_date, version_in_force
from consensus.models import AssessmentFactor, RatingLevel
from consensus.working_days import LONDON
from core.tenancy import authority_scope
from referrals.demo import AUTHORITIES as TOWNS
from referrals.demo import demo_cast

SEED = "threshold-demo-cases-1"
DAY = timedelta(days=1)
UNASSIGNED = 2  # the newest cases of each authority, still waiting for a lead worker
PRACTITIONER_CASES = 8
REOPENED = 2  # closed cases (of the older ones) that were reopened
# The demo practitioner's team in each authority (accounts.demo), whose cases they lead.
PRACTITIONER_TEAMS = {"NMR": "Children's front door", "EVL": "Early help"}
STAGES = ("open", "assessment", "support", "review", "closed", "reopened")
HIGH_RISK_PATHWAYS = {"channel", "police_immediate", "child_protection"}

KINDS = ["mentoring", "youth", "family_support", "education", "mental_health", "mentoring", "employment", "housing",
         "other", "youth", "family_support", "mentoring"]
# kind: (providers, what it is)
PROVIDERS = {
    "mentoring": (["Moorshire Ideological Mentoring Service", "{town} Mentoring Partnership"],
                  "Weekly mentoring: talking through the ideas met online and where they lead."),
    "education": (["{town} College", "{town} Adult Learning"], "A short course and help to get back into learning."),
    "mental_health": (["{town} Community Mental Health Team", "{town} Wellbeing Service for Young People"],
                      "Sessions with a mental health practitioner on anxiety and anger."),
    "family_support": (["{town} Early Help Family Service", "Moorshire Family Support"],
                       "Support for the family: routines at home, screen time, talking about what worries them."),
    "youth": (["{town} Youth Trust", "{town} Boxing and Fitness Club"], "Youth club and sport twice a month."),
    "employment": (["{town} Jobs and Skills Hub"], "Help with a CV, applications and an apprenticeship."),
    "housing": (["{town} Homes", "{town} Housing Options"], "Help to keep the tenancy and sort out rent arrears."),
    "other": (["{town} Digital Resilience Project"], "Sessions on online manipulation and staying safe online."),
}
OUTCOME_NOTES = {
    "achieved": "Completed the sessions; the aims of the plan were met.",
    "partly_achieved": "Engaged well at first; some aims met, others carried into the next block.",
    "not_achieved": "Attended, but little change; a different approach is needed.",
    "disengaged": "Stopped coming after missed sessions; the provider could not make contact again.",
}
SUMMARIES = {
    "high": "{first} is closely engaged with an extremist group online, justifies violence against the people it "
            "targets and has shared attack material. Few protective factors: little structure in the day and a "
            "difficult relationship with home.",
    "medium": "{first} has been drawn to extremist material that speaks to a sense of grievance and loneliness. No "
              "stated intent to harm; some protective factors in the family and through education or work.",
    "low": "Views have softened and contact with the group seems to have stopped. {first} is engaging with support "
           "and has other things going on: learning, sport and friends.",
}
PLANS = {
    "high": "Ideological mentoring weekly, a safety plan agreed with the police Prevent team, and support for the "
            "family. Review in twelve weeks, sooner if anything changes.",
    "medium": "Mentoring and a structured activity each week; keep in touch with the family. Review in twelve weeks.",
    "low": "Finish the current sessions, then step down to universal services if nothing changes.",
}
REVIEW_TEXT = {
    "continue": "Steady progress: {first} attends most sessions and partners report no new incidents. Keep the "
                "plan as it is.",
    "reassess": "New information from the police Prevent team about renewed contact with the group: the risk needs "
                "assessing again.",
    "ready_to_close": "The plan's aims are met: no contact with the group for three months and {first} is settled. "
                      "Propose closure.",
    "no_concerns": "Checked with partners and the family: no new concerns since the case closed.",
    "reopen": "New concerns since closure: {first} has been in touch with the group again. Reopen the case.",
}
CLOSURES = {
    "vulnerability_reduced": "Support plan completed and the risk is now low; universal services continue.",
    "police_led": "The police have taken over management of the risk; our support is no longer the right route.",
    "moved_away": "The family moved out of the area; the new authority has the case and our chronology.",
    "consent_declined": "{first} withdrew consent to support. No grounds to continue without it; partners told.",
    "other": "The concern is now managed through another agency's plan, which our partners attend.",
}
DECLINED = "Not yet: partners report new contact with the group. Add a further block of support and review again."
REOPEN_REASON = "A new referral about the same concerns: the case is reopened rather than a new one opened."
RESTRICT_REASONS = ["A close relative of the person works in the council's safeguarding team.",
                    "The person is related to a member of staff in this service."]
NOTES = [("visit", "Home visit. {first} was polite but guarded; we talked about the people met online."),
         ("phone", "Phone call with the family: things calmer at home this week; next visit agreed."),
         ("meeting", "Professionals' meeting with the mentor and the family support worker: agreed to keep going."),
         ("message", "Letter sent confirming the support plan and the name of the mentor."),
         ("note", "Checked with the police Prevent team: nothing new known."),
         ("visit", "Met {first} at the youth centre: talked about wanting an apprenticeship."),
         ("phone", "{first} rang to move this week's session; sounded upbeat.")]
CORRECTED = ("visit", "Home visit: {first} was out; spoke to the father about the plan.",
             "Correction to the note of {day}: it was the stepfather I spoke to, not the father.")
LEGAL_KINDS = {True: ["supervision_order", "care_order", "emergency_protection_order", "child_assessment_order"],
               False: ["deprivation_of_liberty", "inherent_jurisdiction"]}
LEGAL_OUTCOMES = ["granted", "refused", "pending", "granted"]
COURT_REASONS = {
    "granted": "The threshold is met and an order is proportionate to the risk from adults drawing the person into "
               "extremist activity.",
    "refused": "The court found the risk can be managed by agreement with the family, without an order.",
}
CHALLENGES = [  # source, what was disputed, the response, the outcome (open: not answered yet)
    ("subject", "Says the mentor lectures instead of listening, and the sessions make them feel like a suspect.",
     "We agreed: a new mentor was found and {first} chose the venue.", "upheld"),
    ("family", "The family dispute that {first} holds extremist views and object to the home visits.",
     "The assessment rests on what {first} said and shared; visits continue, at times the family chose.", "not_upheld"),
    ("community", "Says the mentoring singles out young people from its community and was arranged without the "
                  "family understanding it was voluntary.", "", "open"),
]
COMMUNITY = "{town} Community Voices"


@dataclass(frozen=True)
class CaseFacts:  # what the plan needs to know about a case the referral demo opened
    case_id: int
    opened_at: datetime
    pathway: str
    child: bool
    first_name: str
    practitioners_team: bool


class Ref(NamedTuple):
    """What an earlier event of the same case made (its key), or its id."""

    key: str
    pk: bool = False


@dataclass(frozen=True)
class Event:
    day: date
    seq: int
    kind: str
    actor: str  # a key of the cast: practitioner, lead, manager, shared
    args: dict


@dataclass
class CasePlan:
    facts: CaseFacts
    stage: str
    worker: str | None
    extras: set = field(default_factory=set)
    events: list = field(default_factory=list)


def _stage(rng: random.Random, age: int) -> str:
    if age < 12:
        return "open"
    bands = [(35, {"open": 3, "assessment": 7}), (100, {"open": 1, "assessment": 3, "support": 6}),
             (220, {"support": 4, "review": 3, "closed": 3}), (10_000, {"support": 2, "review": 2, "closed": 6})]
    weights = next(weights for limit, weights in bands if age < limit)
    return rng.choices(list(weights), list(weights.values()))[0]


def _choose(rng: random.Random, plans: list[CasePlan], stages: tuple, count: int, extra: str, *, prefer=None):
    """Mark ``count`` plans in ``stages`` (those ``prefer`` likes first) with ``extra``."""
    pool = [plan for plan in plans if plan.stage in stages and not plan.extras & {"restricted", "declined", "pending"}]
    rng.shuffle(pool)
    pool.sort(key=lambda plan: not prefer(plan) if prefer else False)
    for plan in pool[:count]:
        plan.extras.add(extra)


def _cast_plans(rng: random.Random, facts: list[CaseFacts], today: date) -> list[CasePlan]:
    """Each case's final stage (by its age), lead worker and extras."""
    def age(fact: CaseFacts) -> int:
        return (today - local_date(fact.opened_at)).days

    if not facts:  # no decided referrals opened a case (seed_demo without the referral demo)
        return []
    plans = [CasePlan(fact, _stage(rng, age(fact)), None) for fact in facts]
    closed = [plan for plan in plans if plan.stage == "closed" and age(plan.facts) > 300]
    for plan in rng.sample(closed, min(REOPENED, len(closed))):
        plan.stage = "reopened"
    for stage in STAGES:  # every stage is shown: a missing one is taken by the oldest case of a common stage
        if not any(plan.stage == stage for plan in plans):
            counts = Counter(plan.stage for plan in plans)
            oldest = min((plan for plan in plans if counts[plan.stage] > 2), key=lambda plan: plan.facts.opened_at)
            oldest.stage = stage
    newest = sorted(plans, key=lambda plan: plan.facts.opened_at)[-UNASSIGNED:]
    team = [plan for plan in plans if plan.facts.practitioners_team and plan not in newest]
    by_stage = {stage: [plan for plan in team if plan.stage == stage] for stage in STAGES}
    mine = []
    while len(mine) < PRACTITIONER_CASES and any(by_stage.values()):
        for stage in ("support", "assessment", "review", "closed", "open", "reopened"):
            if by_stage[stage] and len(mine) < PRACTITIONER_CASES:
                mine.append(by_stage[stage].pop(rng.randrange(len(by_stage[stage]))))
    others = ["lead", "lead", "shared", "lead", "shared", "manager"]
    for plan in plans:
        if plan not in newest:
            plan.worker = "practitioner" if plan in mine else rng.choice(others)
    assigned = [plan for plan in plans if plan.worker]
    _choose(rng, assigned, ("review",), 1, "pending", prefer=lambda plan: plan.worker == "practitioner")
    _choose(rng, assigned, ("support", "review"), 1, "declined", prefer=lambda plan: age(plan.facts) > 250)
    _choose(rng, assigned, ("support", "review", "assessment"), 1, "restricted",
            prefer=lambda plan: plan.worker == "practitioner")
    _choose(rng, assigned, ("support", "review"), 1, "restricted", prefer=lambda plan: plan.worker != "practitioner")
    _choose(rng, assigned, ("support", "review"), 1, "correction", prefer=lambda plan: plan.worker == "practitioner")
    _choose(rng, assigned, ("support",), 1, "planned")
    old = [plan for plan in assigned if age(plan.facts) > 150]
    _choose(rng, old, ("support", "review"), len(LEGAL_OUTCOMES), "legal")
    _choose(rng, old, ("support", "review"), len(CHALLENGES), "challenge")
    return plans


class _Story:
    """One case's events, day by day, never after yesterday. ``shared`` holds what the authority's stories share
    (the cycle of intervention types, and counters so legal outcomes and challenges take turns)."""

    def __init__(self, rng: random.Random, plan: CasePlan, shared: dict, today: date):
        self.rng, self.plan, self.shared, self.today = rng, plan, shared, today
        self.timing = shared["timing"]  # the agreement's Timescales
        self.interval = timedelta(weeks=self.timing.review_interval_weeks)
        self.town, self.first = shared["town"], plan.facts.first_name
        self.last, self.opened = today - DAY, local_date(plan.facts.opened_at)
        self.worker = plan.worker or "lead"
        self.approver = "manager" if self.worker == "lead" else "lead"
        self.scores: list[int] | None = None
        self.closure: Ref | None = None

    def add(self, day: date, what: str, actor: str | None = None, /, **args) -> str:
        seq = len(self.plan.events) + 1
        self.plan.events.append(Event(day, seq, what, actor or self.worker, args))
        return f"{what}-{seq}"

    def days(self, low: int, high: int) -> timedelta:
        return timedelta(days=self.rng.randint(low, max(low, high)))

    def turn(self, name: str) -> int:
        self.shared[name] = self.shared.get(name, -1) + 1
        return self.shared[name]

    def assessment(self, day: date) -> None:
        """A rating for every factor, higher for the pathways that mean more risk; a reassessment moves each rating
        from the last one (mostly down), so the comparison shows changes."""
        factors, top = self.shared["factors"], self.shared["top"]
        if self.scores is None:
            base = 2 if self.plan.facts.pathway in HIGH_RISK_PATHWAYS else 1
            weights = [1.2 - index / len(factors) for index in range(len(factors))]
            self.scores = [round(base * weight) + self.rng.choice([-1, 0, 0, 1]) for weight in weights]
        else:
            self.scores = [score + self.rng.choices([-1, 0, 1], [5, 4, 1])[0] for score in self.scores]
        self.scores = [min(max(score, 0), top) for score in self.scores]
        share = sum(self.scores) / (top * len(self.scores))
        risk = "high" if share >= 0.5 else "medium" if share >= 0.25 else "low"
        notes = {factors[0]: "Talks about feeling left behind and angry about it."} if self.scores[0] > 1 else {}
        self.add(day, "assessment", ratings=dict(zip(factors, self.scores, strict=True)), overall_risk=risk,
                 summary=SUMMARIES[risk].format(first=self.first), plan=PLANS[risk], rating_notes=notes)

    def interventions(self, start: date, end: date, *, must_end: bool) -> date:
        """Interventions starting between ``start`` and ``end``, with their sessions; all ended by ``end`` when
        ``must_end`` (the case is closing). Returns the day of the last event."""
        latest = start
        for index in range(1 + (self.rng.random() < 0.4) + (self.rng.random() < 0.1)):
            begin = start + (self.days(0, 10) if index == 0 else self.days(14, (end - start).days // 2))
            if begin > end - 10 * DAY:
                break
            kind = next(self.shared["kinds"])
            providers, description = PROVIDERS[kind]
            planned = self.rng.choice([4, 5, 6, 6, 8])
            key = self.add(begin, "intervention", kind=kind, description=description, planned_sessions=planned,
                           provider=self.rng.choice(providers).format(town=self.town))
            latest = max(latest, self._sessions(key, begin, end, planned, must_end))
        return latest

    def _sessions(self, key: str, begin: date, end: date, planned: int, must_end: bool) -> date:
        every = self.rng.choice([7, 7, 14])
        profile = self.rng.choices(["completed", "disengaged", "lapsed", "ongoing"],
                                   [50, 15, 0 if must_end else 20, 0 if must_end else 20])[0]
        attended = {"disengaged": self.rng.randint(2, 5), "lapsed": self.rng.randint(2, 4)}.get(profile, planned)
        day, total = begin, attended + (2 if profile == "disengaged" else 0)
        for number in range(total):
            held = begin + timedelta(days=number * every + self.rng.randint(0, 2))
            if held >= end:
                break
            day, total = held, total - 1
            missed = number >= attended or (profile != "disengaged" and self.rng.random() < 0.1)
            self.add(day, "session", intervention=Ref(key), attended=not missed,
                     note="Did not come; the provider left a message." if missed else "")
        lapsed = profile == "lapsed" and day < self.today - timedelta(weeks=self.timing.intervention_lapse_weeks + 1)
        done = (profile != "lapsed" and total == 0) and day < self.last - 7 * DAY
        if must_end or (done and not lapsed):
            outcome = ("disengaged" if profile == "disengaged" else
                       self.rng.choices(["achieved", "partly_achieved", "not_achieved"], [6, 3, 1])[0])
            day = min(day + self.days(0, 7), end)
            self.add(day, "end", intervention=Ref(key), outcome=outcome, outcome_note=OUTCOME_NOTES[outcome])
        return day

    def reviews(self, support: date, until: date) -> tuple[date, date]:
        """The scheduled reviews held before ``until`` (one may send the case back to assessment and a second
        assessment). Returns the day of the last event and when the next review is due."""
        current, due, reassessed = support, support + self.interval, False
        while True:
            held = due + self.days(-3, 6)
            if held >= until or held <= current:
                return current, due
            if self.rng.random() < 0.5:
                self.add(max(held - self.days(0, 3), current), "start_review")
            if not reassessed and current > support and self.rng.random() < 0.4 and held + 30 * DAY < until:
                reassessed = True
                self.record_review(held, "reassess")
                again = held + self.days(5, 15)
                self.assessment(again)
                current = again + self.days(1, 4)
                self.add(current, "start_support")
                due = current + self.interval
                continue
            self.record_review(held, "continue")
            current, due = held, held + self.interval

    def record_review(self, day: date, outcome: str, kind: str = "scheduled", actor: str | None = None) -> None:
        self.add(day, "review", actor, outcome=outcome, review_kind=kind,
                 summary=REVIEW_TEXT[outcome].format(first=self.first))

    def notes(self, start: date, end: date, count: int) -> None:
        for _ in range(count if end > start else 0):
            kind, text = self.rng.choice(NOTES)
            self.add(start + self.days(0, (end - start).days), "note", kind=kind, text=text.format(first=self.first),
                     before=self.rng.randint(0, 2))

    def propose(self, day: date, reason: str) -> None:
        self.closure = Ref(self.add(day, "propose", reason=reason, summary=CLOSURES[reason].format(first=self.first)))

    def decide(self, day: date, approve: bool) -> None:
        self.add(day, "decide", self.approver, closure=self.closure, approve=approve, note="" if approve else DECLINED)


def _story(story: _Story) -> None:
    """Allocation, then the assessment, then the support plan to the case's final stage; restriction last."""
    plan, rng, last, opened = story.plan, story.rng, story.last, story.opened
    if plan.worker is None:
        return
    assigned = min(opened + story.days(0, 2), last)
    story.add(assigned, "assign", rng.choice(["lead", "lead", "manager"]), worker=plan.worker)
    if plan.stage == "open":
        story.notes(assigned, last, rng.randint(0, 1))
        return
    started = min(assigned + story.days(1, 4), last)
    if plan.stage == "assessment" or rng.random() < 0.6:
        story.add(started, "start_assessment")
    age = (last - opened).days
    if plan.stage == "assessment":
        if age >= 30 and rng.random() < 0.6:
            story.assessment(opened + story.days(14, min(40, age - 2)))
        story.notes(started, last, rng.randint(1, 2))
    else:
        assessed = max(opened + story.days(12, min(40, age - 8)), started)
        story.assessment(assessed)
        support = assessed + story.days(1, 5)
        story.add(support, "start_support")
        (_ongoing if plan.stage in ("support", "review") else _closing)(story, support)
    if "restricted" in plan.extras:
        day = min(max(event.day for event in plan.events) + story.days(1, 10), last)
        reason = RESTRICT_REASONS[story.turn("restricted") % len(RESTRICT_REASONS)]
        story.add(day, "restrict", "lead" if story.worker != "lead" else "manager", restricted=True, reason=reason)


def _ongoing(story: _Story, support: date) -> None:
    """A case still in support or review: interventions running, reviews held, what is due next left due."""
    plan, rng, last = story.plan, story.rng, story.last
    current = support
    if "declined" in plan.extras:  # closure proposed after a first block of work, and not approved
        current = story.interventions(support, support + (last - support) // 2, must_end=True) + story.days(1, 5)
        story.propose(current, "vulnerability_reduced")
        current += story.days(1, 5)
        story.decide(current, approve=False)
    pending = "pending" in plan.extras
    story.notes(support, last, rng.randint(1, 2))
    work_end = last - story.days(12, 20) if pending else last
    story.interventions(current + DAY, work_end, must_end=pending)
    current, due = story.reviews(support, work_end - 10 * DAY)
    if "planned" in plan.extras:  # agreed this week, starting soon
        kind = next(story.shared["kinds"])
        provider, description = PROVIDERS[kind][0][0].format(town=story.town), PROVIDERS[kind][1]
        story.add(last - story.days(0, 3), "intervention", kind=kind, provider=provider, description=description,
                  planned_sessions=6, start_on=story.today + story.days(5, 14))
    if "legal" in plan.extras:
        _legal(story, support)
    if "challenge" in plan.extras:
        _challenge(story)
    if "correction" in plan.extras:
        day = last - story.days(6, 20)
        kind, text, fixed = CORRECTED
        key = story.add(day, "note", kind=kind, text=text.format(first=story.first), before=1)
        story.add(day + story.days(1, 4), "note", kind="note", corrects_id=Ref(key, pk=True), before=0,
                  text=fixed.format(day=f"{(day - DAY).day} {day - DAY:%B %Y}"))
    if plan.stage == "review":
        held = max(min(due - story.days(0, 5), last - 2 * DAY), current + DAY, work_end + DAY if pending else current)
        story.add(held, "start_review")
        if pending:
            story.record_review(held, "ready_to_close")
            story.propose(min(held + story.days(1, 3), last), "vulnerability_reduced")


def _closing(story: _Story, support: date) -> None:
    """A case that closed (and perhaps reopened): reviews, every intervention ended, closure proposed and approved,
    the reviews after closure held when due, and for a reopened case the reopening and a new assessment."""
    plan, rng, last = story.plan, story.rng, story.last
    span = (last - support).days
    reopen_by_review = plan.stage == "reopened" and span > 360 and rng.random() < 0.5
    room = (story.days(200, 230) if reopen_by_review else story.days(30, min(150, span - 130))
            if plan.stage == "reopened" else DAY)
    latest = last - room  # the closure is approved by then
    reason = rng.choices(list(CLOSURES), [10, 3, 2, 2, 1])[0]
    if reason in ("moved_away", "consent_declined") or (latest - support).days < 110:
        reason = reason if reason in ("moved_away", "consent_declined") else "moved_away"
        proposed = support + story.days(20, (latest - support).days - 8)
        story.reviews(support, proposed - DAY)
    else:
        current, due = story.reviews(support, support + story.days(0, (latest - support).days - 105))
        closing_review = max(due + story.days(-3, 6), current + DAY)
        if rng.random() < 0.5:
            story.add(closing_review, "start_review")
        story.record_review(closing_review, "ready_to_close")
        proposed = closing_review + story.days(1, 5)
    story.notes(support, proposed - DAY, rng.randint(1, 2))
    story.interventions(support, proposed - DAY, must_end=True)
    story.propose(proposed, reason)
    closed = proposed + story.days(1, 6)
    story.decide(closed, approve=True)
    for kind, months in (("post_closure_first", story.timing.first_post_closure_review_months),
                         ("post_closure_second", story.timing.second_post_closure_review_months)):
        due = closed + relativedelta(months=months)
        if due + 14 * DAY > last or (plan.stage == "reopened" and not reopen_by_review):
            break
        held = due + story.days(0, 10)
        story.record_review(held, "reopen" if reopen_by_review else "no_concerns", kind,
                      "lead" if reopen_by_review else None)
        if reopen_by_review:
            _after_reopening(story, held)
            return
    if plan.stage == "reopened":
        reopened = closed + story.days(20, (last - closed).days - 30)
        story.add(reopened, "reopen", "lead", reason=REOPEN_REASON)
        _after_reopening(story, reopened)


def _after_reopening(story: _Story, reopened: date) -> None:
    started = reopened + story.days(2, 7)
    if started <= story.last:
        story.add(started, "start_assessment")
    assessed = started + story.days(6, 20)
    if assessed <= story.last:
        story.assessment(assessed)


def _legal(story: _Story, support: date) -> None:
    outcome = LEGAL_OUTCOMES[story.turn("legal") % len(LEGAL_OUTCOMES)]
    kind = story.rng.choice(LEGAL_KINDS[story.plan.facts.child])
    court = f"{story.town} Family Court"
    if outcome == "pending":  # waiting for the hearing
        story.add(story.last - story.days(5, 20), "legal", kind=kind, court=court,
                  hearing_on=story.today + story.days(7, 28))
        return
    applied = support + story.days(10, (story.last - support).days - 60)
    hearing = applied + story.days(14, 28)
    key = story.add(applied, "legal", kind=kind, court=court, hearing_on=hearing)
    story.add(hearing, "legal_decide", legal_action=Ref(key), outcome=outcome, court_reasons=COURT_REASONS[outcome])


def _challenge(story: _Story) -> None:
    source, disputed, response, outcome = CHALLENGES[story.turn("challenge") % len(CHALLENGES)]
    added = [event for event in story.plan.events if event.kind == "intervention" and "start_on" not in event.args]
    if not added:
        return
    target = next((event for event in added if event.args["kind"] == "mentoring"), added[0])
    raised = max(min(target.day + story.days(14, 35), story.last - 5 * DAY), target.day)
    key = story.add(raised, "challenge", source=source, disputed=disputed.format(first=story.first),
                    organisation=COMMUNITY.format(town=story.town) if source == "community" else "",
                    intervention_id=None if source == "community" else Ref(f"intervention-{target.seq}", pk=True))
    if outcome != "open":
        story.add(min(raised + story.days(7, 21), story.last), "challenge_respond", challenge=Ref(key),
                  response=response.format(first=story.first), outcome=outcome)


def _plans(rng: random.Random, facts: list[CaseFacts], today: date, shared: dict) -> list[CasePlan]:
    """Every case's plan. ``shared``: town, timing (Timescales), factors (codes) and top (the highest rating)."""
    plans = _cast_plans(rng, facts, today)
    shared = {**shared, "kinds": cycle(KINDS)}
    for plan in plans:
        _story(_Story(rng, plan, shared, today))
    return plans


def _timed(rng: random.Random, plan: CasePlan, limit: datetime) -> list[tuple[datetime, Event]]:
    """The plan's events in order, each at a time of day on its day (after the case opened, before ``limit``)."""
    timed, cursor = [], plan.facts.opened_at
    for event in sorted(plan.events, key=lambda event: (event.day, event.seq)):
        office = datetime.combine(event.day, time(8, 30), tzinfo=LONDON) + timedelta(minutes=rng.randint(0, 420))
        at = max(office, cursor + timedelta(minutes=rng.randint(2, 20)))
        if at > limit:
            break
        timed.append((at, event))
        cursor = at
    return timed


# event kind: (the service, the name of its date argument)
SERVICES = {
    "assign": (services.case_assign, None), "start_assessment": (services.case_start_assessment, None),
    "start_support": (services.case_start_support, None), "start_review": (services.case_start_review, None),
    "assessment": (services.assessment_record, "assessed_on"), "intervention": (services.intervention_add, "start_on"),
    "session": (services.intervention_record_session, "held_on"), "end": (services.intervention_end, "end_on"),
    "review": (services.review_record, "held_on"), "propose": (services.closure_propose, None),
    "decide": (services.closure_decide, None), "reopen": (services.case_reopen, None),
    "legal": (services.legal_action_record, "applied_on"), "legal_decide": (services.legal_action_decide, "decided_on"),
    "challenge": (services.challenge_record, "raised_on"), "note": (services.note_add, "occurred_on"),
    "challenge_respond": (services.challenge_respond, "responded_on"), "restrict": (services.case_set_restricted, None),
}
ON_A_RECORD = {"session", "end", "review", "decide", "legal_decide", "challenge_respond"}  # the rest take the case


def _make(plan: CasePlan, timed: list[tuple[datetime, Event]], cast: dict[str, Membership]) -> None:
    """Carry out one case's events through the case services, each at its moment: an event's day is the service's
    date (``SERVICES``), and a ``Ref`` names what an earlier event made."""
    case_id, opened, made = plan.facts.case_id, local_date(plan.facts.opened_at), {}
    for at, event in timed:
        service, date_name = SERVICES[event.kind]
        kwargs = {name: (made[value.key].pk if value.pk else made[value.key]) if isinstance(value, Ref) else value
                  for name, value in event.args.items() if name not in ("worker", "before", "review_kind")}
        if date_name:
            kwargs.setdefault(date_name, max(event.day - timedelta(days=event.args.get("before", 0)), opened))
        if event.kind == "assign":
            kwargs["lead_worker_id"] = cast[event.args["worker"]].user_id
        if event.kind == "review":
            kwargs["review"] = (Review.objects.filter(case_id=case_id, kind=event.args["review_kind"],
                                                      held_on__isnull=True, cancelled=False)
                                .order_by("due_on", "pk").first())
        elif event.kind not in ON_A_RECORD:
            kwargs["case"] = case_id
        made[f"{event.kind}-{event.seq}"] = service(actor_membership=cast[event.actor], at=at, **kwargs)


def _facts(authority: Authority) -> list[CaseFacts]:
    cases = (Case.objects.filter(authority=authority).select_related("referral__pathway", "subject", "team")
             .order_by("opened_at", "pk"))
    team = PRACTITIONER_TEAMS[authority.code]
    return [CaseFacts(case.pk, case.opened_at, case.referral.pathway.code, case.referral.subject_group == "child",
                      (case.subject.first_name.split() or ["The person"])[0],
                      case.team is not None and case.team.name == team) for case in cases]


def _seed(authority: Authority, now: datetime) -> None:
    rng = random.Random(f"{SEED}:{authority.code}")  # noqa: S311 - demo content, not security
    version = version_in_force(authority.pk)
    factors = list(AssessmentFactor.objects.filter(version=version)
                   .order_by("dimension__position", "position", "pk").values_list("code", flat=True))
    top = max(RatingLevel.objects.filter(version=version).values_list("score", flat=True))
    shared = {"town": TOWNS[authority.code][0], "timing": version.timescales, "factors": factors, "top": top}
    cast = demo_cast(authority)
    for plan in _plans(rng, _facts(authority), local_date(now), shared):
        _make(plan, _timed(rng, plan, now), cast)


def seed_demo_cases(*, now: datetime | None = None) -> list[str]:
    """Work each demo authority's cases unless they have lead workers already. Returns one line per authority
    saying how many cases it has in each stage (the same lines on every run)."""
    now = now or timezone.now() - timedelta(minutes=1)
    lines = []
    for code in TOWNS:
        authority = Authority.objects.get(code=code)
        with authority_scope(authority.pk), transaction.atomic():
            if not Case.objects.filter(authority=authority, lead_worker__isnull=False).exists():
                _seed(authority, now)
            cases = list(Case.objects.filter(authority=authority).values_list("status", "times_reopened", "restricted"))
        counts = Counter(case[0] for case in cases)
        states = ", ".join(f"{counts[status]} {status}" for status in CaseStatus.values)
        lines.append(f"{authority.name}: {len(cases)} cases ({states}; {sum(bool(case[1]) for case in cases)} "
                     f"reopened, {sum(case[2] for case in cases)} restricted)")
    return lines
