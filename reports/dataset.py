"""``generate_dataset``: a large, fictional, realistic authority for benchmarks and for checking the dashboard.

It makes a new authority with three teams, a manager, leads and practitioners (through the accounts services, so
those are audited) and publishes the starter agreement (through the consensus services). Then it writes the
referrals and what followed them straight into the tables with ``bulk_create``, as the services would have left
them: references, routing, due times in working days, screening, decisions on the agreement's pathways,
withdrawals, repeat referrals found by the duplicate check (with their match keys), and the cases the decisions
opened (reference counters move on, so later real referrals never collide). That is thousands of times faster
than the services, and it writes no audit events and no case notes or intervention sessions: this data is for
measuring, never for an audit trail.

Everything is invented, from referrals.demo's name lists; postcodes use the area NM, which does not exist. The same
seed and the same ``now`` give the same data. Referrals spread over the last 18 months, a little more each month,
with fewer in August and at Christmas when schools are closed.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import transaction

from accounts import services as accounts_services
from accounts.models import Authority, Membership
from accounts.roles import Role
from consensus.models import ConsensusVersion
from consensus.services import consensus_starter_publish
from consensus.working_days import LONDON, add_working_days
from core.exceptions import DomainError
from core.tenancy import authority_scope, scopes_disabled
from referrals.demo import CONCERNS, FIRST_NAMES, INDICATORS, LAST_NAMES, PATHWAYS, SOURCES
from referrals.matching import BLOCKING_KEYS_VERSION, blocking_keys
from referrals.models import (
    DuplicateMatch,
    ReferenceCounter,
    Referral,
    ReferralStatus,
    ReferralTransition,
    Subject,
    SubjectMatchKey,
)
from reports.dataset_cases import CaseMaker

SEED = 7
HISTORY_DAYS = 548
BATCH = 2000
TEAMS = {"children": "Children's safeguarding", "adults": "Adult safeguarding", "prevent": "Prevent and Channel"}
PRACTITIONERS_PER_TEAM = 4
# Working days from submission to decision, and how often (0: the same day).
DECISION_LAG = {0: 30, 1: 40, 2: 14, 3: 7, 4: 4, 5: 2, 8: 2, 15: 1}
WITHDRAWN_SHARE = 0.03
STUCK_SHARE = 0.003  # older referrals still waiting for a decision: long overdue
REPEAT_SHARE = 0.12
FAMILY_SHARE = 0.02
GENDERS = {"male": 80, "female": 16, "self_described": 1, "not_known": 3}
STATUS = ReferralStatus


@dataclass
class Staff:
    manager: Membership
    admin: Membership
    leads: dict[str, Membership]
    practitioners: dict[str, list[Membership]]
    teams: dict = field(default_factory=dict)

    def everyone(self) -> list[Membership]:
        return [self.manager, *self.leads.values(), *(p for team in self.practitioners.values() for p in team)]


def _staff(authority: Authority) -> Staff:
    code = authority.code.lower()
    teams = {hint: accounts_services.team_create(authority=authority, name=name, actor_membership=None)
             for hint, name in TEAMS.items()}

    def person(username, first, last, role, team):
        return accounts_services.user_create(
            username=f"{code}.{username}", first_name=first, last_name=last, email=f"{code}.{username}@example.invalid",
            password=None, authority=authority, role=role, team=team, actor_membership=None)

    return Staff(
        manager=person("manager", "Morgan", "Bench-Manager", Role.MANAGER, teams["prevent"]),
        admin=person("admin", "Avery", "Bench-Admin", Role.AUTHORITY_ADMIN, None),
        leads={hint: person(f"lead.{hint}", "Lee", f"Bench-Lead-{hint.title()}", Role.SAFEGUARDING_LEAD, team)
               for hint, team in teams.items()},
        practitioners={hint: [person(f"practitioner.{hint}{n}", "Pat", f"Bench-{hint.title()}{n}",
                                     Role.PRACTITIONER, team) for n in range(1, PRACTITIONERS_PER_TEAM + 1)]
                       for hint, team in teams.items()},
        teams=teams)


def _weighted_days(rng: random.Random, now: datetime, count: int) -> list[datetime]:
    """``count`` submission moments over the last HISTORY_DAYS, oldest first."""
    today = now.astimezone(LONDON).date()
    days = [today - timedelta(days=back) for back in range(HISTORY_DAYS, -1, -1)]

    def weight(day: date, index: int) -> float:
        w = 0.7 + 0.6 * index / len(days)
        if day.weekday() >= 5:
            w *= 0.15
        if day.month == 8 or (day.month == 12 and day.day >= 22) or (day.month == 1 and day.day <= 2):
            w *= 0.55
        return w

    moments = []
    for day in rng.choices(days, weights=[weight(day, i) for i, day in enumerate(days)], k=count):
        minute = rng.randint(8 * 60, 18 * 60) if rng.random() < 0.9 else rng.randint(0, 24 * 60 - 1)
        moment = datetime.combine(day, time.min, tzinfo=LONDON) + timedelta(minutes=minute, seconds=rng.randint(0, 59))
        moments.append(min(moment, now - timedelta(minutes=rng.randint(1, 600))))
    return sorted(moments)


def _pick(rng: random.Random, weights: dict, column: int | None = None):
    values = [weight[column] if column is not None else (weight[0] if isinstance(weight, tuple) else weight)
              for weight in weights.values()]
    return rng.choices(list(weights), weights=values)[0]


class Generator:
    """Plans and writes one authority's referrals, then hands the decided ones to CaseMaker."""

    def __init__(self, authority: Authority, staff: Staff, version: ConsensusVersion, rng: random.Random,
                 now: datetime):
        self.authority, self.staff, self.version, self.rng, self.now = authority, staff, version, rng, now
        self.pathways = {item.code: item for item in version.pathways.all()}
        self.concern_ids = {item.code: item.pk for item in version.concern_types.all()}
        self.indicator_ids = {item.code: item.pk for item in version.indicators.all()}
        self.definition_ids = {item.code: item.pk for item in version.definitions.all()}
        self.decision_days = version.timescales.decision_working_days
        self.counters: dict[tuple[str, int], int] = {}
        self.subjects, self.referrals, self.transitions, self.matches = [], [], [], []
        self.concern_links, self.indicator_links, self.definition_links = [], [], []

    def reference(self, kind: str, at: datetime) -> str:
        year = at.astimezone(LONDON).year
        number = self.counters[(kind, year)] = self.counters.get((kind, year), 0) + 1
        middle = "-C" if kind == "case" else ""
        return f"{self.authority.code}{middle}-{year}-{number:06d}"

    def subject(self, at: datetime, earlier: Subject | None) -> Subject:
        rng, day = self.rng, at.astimezone(LONDON).date()
        if earlier is not None:
            return Subject(authority=self.authority, first_name=earlier.first_name, last_name=earlier.last_name,
                           date_of_birth=earlier.date_of_birth, estimated_age=earlier.estimated_age,
                           estimated_at=earlier.estimated_at, gender=earlier.gender, address=earlier.address,
                           postcode=earlier.postcode, school_or_workplace=earlier.school_or_workplace,
                           languages=earlier.languages)
        child = rng.random() < 0.62
        if child:
            age = rng.choices(range(10, 18), weights=[2, 4, 7, 10, 13, 14, 12, 9])[0]
        else:
            low, high = rng.choices([(18, 20), (21, 30), (31, 40), (41, 70)], weights=[25, 35, 20, 20])[0]
            age = rng.randint(low, high)
        gender = _pick(rng, GENDERS)
        first = rng.choice(FIRST_NAMES["female" if gender == "female" else "male"])
        born = date(day.year - age, day.month, min(day.day, 28)) - timedelta(days=rng.randint(1, 364))
        estimated = rng.random() < 0.04
        letters = "ABDEFGHJLNPQRSTUWXYZ"
        return Subject(
            authority=self.authority, first_name=first, last_name=rng.choice(LAST_NAMES),
            date_of_birth=None if estimated else born, estimated_age=age if estimated else None,
            estimated_at=day if estimated else None, gender=gender,
            gender_description="Non-binary" if gender == "self_described" else "",
            address=f"{rng.randint(1, 180)} Example Road, Northmoor",
            postcode=f"NM{rng.randint(1, 9)} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}",
            school_or_workplace="Northmoor Academy" if child else "", languages="English")

    def plan(self, at: datetime, index: int) -> None:
        rng = self.rng
        earlier = None
        repeat = index > 50 and rng.random() < REPEAT_SHARE
        if repeat:
            earlier = self.subjects[rng.randrange(max(0, index - 3000), index)]
        subject = self.subject(at, earlier)
        group = "child" if subject.age_on(at.astimezone(LONDON).date()) < 18 else "adult"
        source = _pick(rng, SOURCES, 0 if group == "child" else 1)
        _, _, sector, organisation, role = SOURCES[source]
        due = add_working_days(at, self.decision_days)
        lead = self.staff.leads["children" if group == "child" else "adults"]
        referral = Referral(
            authority=self.authority, reference=self.reference("referral", at), status=STATUS.SUBMITTED,
            subject=subject, subject_group=group, referrer_name="A. Referrer",
            referrer_organisation=organisation.format(school="Northmoor Academy", town="Northmoor"),
            referrer_sector=sector, referrer_role=role, referrer_email="referrer@example.invalid",
            referrer_phone=f"01632 960{rng.randint(0, 999):03d}", source_code=source,
            concern=rng.choice(CONCERNS[_pick(rng, CONCERNS)][1]).format(They="They", they="they", their="their"),
            immediate_risk=rng.random() < 0.02, subject_aware=rng.choice(["yes", "no", "not_known"]),
            consent="not_sought", lawful_basis_when_not_sought="Public task: safeguarding (Children Act 1989, "
            "Care Act 2014) and the Prevent duty.", consensus_version=self.version,
            routed_team=self.staff.teams["children" if group == "child" else "adults"],
            routed_role=Role.SAFEGUARDING_LEAD, decision_due_at=due,
            submitted_by=rng.choice(self.staff.everyone()).user, submitted_at=at)
        codes = list(dict.fromkeys([_pick(rng, CONCERNS) for _ in range(1 if rng.random() < 0.75 else 2)]))
        self.concern_links += [(referral, self.concern_ids[code]) for code in codes]
        self.indicator_links += [(referral, self.indicator_ids[code])
                                 for code in dict.fromkeys(_pick(rng, INDICATORS) for _ in range(2))]
        self.subjects.append(subject)
        self.referrals.append(referral)
        self.transitions.append((referral, STATUS.DRAFT, STATUS.SUBMITTED, referral.submitted_by, at))
        if earlier is not None:
            self.matches.append((referral, earlier, True))
        elif index > 50 and rng.random() < FAMILY_SHARE:
            self.matches.append((referral, self.subjects[rng.randrange(0, index)], False))
        self.progress(referral, lead)

    def progress(self, referral: Referral, lead: Membership) -> None:
        """Screening, then a decision or a withdrawal, unless that would be after ``now``."""
        rng, at = self.rng, referral.submitted_at
        if rng.random() < WITHDRAWN_SHARE:
            when = at + timedelta(hours=rng.randint(2, 48))
            if when <= self.now:
                referral.status, referral.withdrawn_at = STATUS.WITHDRAWN, when
                referral.withdrawn_reason = "A duplicate of a referral already being screened."
                self.transitions.append((referral, STATUS.SUBMITTED, STATUS.WITHDRAWN, lead.user, when))
            return
        lag = _pick(rng, DECISION_LAG)
        decided = at + timedelta(hours=rng.uniform(0.5, 5)) if lag == 0 else \
            add_working_days(at, lag) - timedelta(hours=rng.uniform(0, 7))
        decided = max(decided, at + timedelta(minutes=20))
        if rng.random() < STUCK_SHARE:
            decided = self.now + timedelta(days=1)
        screening = at + (decided - at) * rng.uniform(0.1, 0.5)
        if screening <= self.now:
            referral.status, referral.screening_started_at, referral.assigned_to = \
                STATUS.SCREENING, screening, lead.user
            self.transitions.append((referral, STATUS.SUBMITTED, STATUS.SCREENING, lead.user, screening))
        if decided > self.now:
            return
        pathway = self.pathway(referral)
        referral.status, referral.decided_at, referral.decided_by = STATUS.DECIDED, decided, lead.user
        referral.pathway, referral.decision_version = pathway, self.version
        referral.rationale = PATHWAYS[pathway.code][3]
        self.definition_links += [(referral, self.definition_ids[code]) for code in PATHWAYS[pathway.code][2]]
        self.transitions.append((referral, STATUS.SCREENING, STATUS.DECIDED, lead.user, decided))

    def pathway(self, referral: Referral):
        column = 0 if referral.subject_group == "child" else 1
        weights = {code: value for code, value in PATHWAYS.items() if code in self.pathways}
        if referral.immediate_risk and self.rng.random() < 0.5:
            return self.pathways["police_immediate"]
        return self.pathways[_pick(self.rng, weights, column)]

    def write(self) -> None:
        Subject.objects.bulk_create(self.subjects, batch_size=BATCH)
        for referral in self.referrals:
            referral.subject_id = referral.subject.pk
        Referral.objects.bulk_create(self.referrals, batch_size=BATCH)
        self.write_links()
        ReferralTransition.objects.bulk_create([
            ReferralTransition(authority=self.authority, referral_id=referral.pk, from_status=old, to_status=new,
                               actor=actor, consensus_version=self.version, at=at)
            for referral, old, new, actor, at in self.transitions], batch_size=BATCH)
        DuplicateMatch.objects.bulk_create([
            DuplicateMatch(authority=self.authority, referral_id=referral.pk, matched_subject_id=earlier.pk,
                           score=0.95 if same else 0.62, likely_same_person=same, related=not same,
                           reasons=["Same date of birth", "Same name"] if same else ["Same surname and address"])
            for referral, earlier, same in self.matches], batch_size=BATCH)
        SubjectMatchKey.objects.bulk_create([
            SubjectMatchKey(authority=self.authority, subject_id=subject.pk, key=key,
                            keys_version=BLOCKING_KEYS_VERSION)
            for subject in self.subjects for key in sorted(blocking_keys(subject.as_person_record()))],
            batch_size=BATCH)

    def write_links(self) -> None:
        for relation, links, column in ((Referral.concern_types, self.concern_links, "concerntype_id"),
                                        (Referral.indicators, self.indicator_links, "indicator_id"),
                                        (Referral.definitions_cited, self.definition_links, "definition_id")):
            through = relation.through
            through.objects.bulk_create([through(referral_id=referral.pk, **{column: item})
                                         for referral, item in links], batch_size=BATCH)

    def write_counters(self) -> None:
        ReferenceCounter.objects.bulk_create([
            ReferenceCounter(authority=self.authority, kind=kind, year=year, last_number=number)
            for (kind, year), number in sorted(self.counters.items())])


@transaction.atomic
def generate_dataset(*, code: str, referrals: int, seed: int = SEED, now: datetime | None = None,
                     name: str | None = None) -> dict:
    """Make authority ``code`` (it must not exist yet) with ``referrals`` referrals; return what was made."""
    from django.utils import timezone

    now = now or timezone.now()
    if referrals < 1:
        raise DomainError("Ask for at least one referral.")
    with scopes_disabled():
        if Authority.objects.filter(code=code.upper()).exists():
            raise DomainError(f"Authority {code.upper()} already exists: generate_dataset only makes new ones.")
        authority = accounts_services.authority_create(
            name=name or f"{code.upper()} Bench Borough Council (fictional)", code=code, region="north_west")
        staff = _staff(authority)
    with authority_scope(authority.pk):
        version = consensus_starter_publish(proposer=staff.leads["children"], strategic=staff.manager,
                                            frontline=staff.leads["children"], teams=staff.teams)
        version = ConsensusVersion.objects.select_related("timescales").get(pk=version.pk)
        rng = random.Random(f"{seed}:{code.upper()}")  # noqa: S311 - fictional data, not security
        generator = Generator(authority, staff, version, rng, now)
        for index, at in enumerate(_weighted_days(rng, now, referrals)):
            generator.plan(at, index)
        generator.write()
        cases = CaseMaker(generator, staff).make([r for r in generator.referrals if r.status == STATUS.DECIDED
                                                  and generator.pathways[r.pathway.code].opens_case])
        generator.write_counters()
    return {"authority": authority, "staff": staff, "referrals": len(generator.referrals), **cases}
