"""Demo referrals: for each demo authority, 150 referrals spread over the last 18 months in every state, made by the
demo people through the referral services (backdated with ``at=``), so each has its history and audit trail.

Everything is invented and meant to look it: names come from the fixed lists below, addresses are "<n> Example
Road" and the like, postcodes are in the format of real ones but in the areas NM and EV, which do not exist,
referrers' e-mail addresses use the reserved ``.example`` domain and their phone numbers Ofcom's range for drama
(01632 960xxx). The same seed and the same moment give the same referrals; an authority that already has
referrals gets no more.
"""

import random
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import Authority, Membership
from consensus.models import ConsensusVersion, Definition, ResponsePathway, VersionStatus
from consensus.working_days import LONDON
from core.tenancy import authority_scope
from referrals import services
from referrals.models import Referral, ReferralStatus
from referrals.models.choices import CHILD_UNDER
from referrals.validation import age_on

SEED = "threshold-demo-referrals-1"
PER_AUTHORITY = 150
HISTORY_DAYS = 548  # about 18 months
# When the referrals still open (or still drafts) were submitted (or started): hours ago within the last three days,
# then whole days ago, so some are overdue. "abandoned" is a draft its author withdrew. The rest are decided or
# withdrawn on a day in the last 18 months. Times of day come from the seed, so the order in which referrals are
# made, and so everything drawn for them, is the same whenever the demo is loaded.
RECENT_HOURS = {"submitted": [0.3, 1.5, 3, 5, 20, 50], "screening": [2, 6, 23, 50, 70], "draft": [1, 22, 47]}
OLDER_DAYS = {"submitted": [5, 9, 16, 30], "screening": [5, 8, 12, 20, 35, 50, 70], "draft": [7, 10, 15, 21],
              "abandoned": [21]}
WITHDRAWN = 9
AUTHORITIES = {"NMR": ("Northmoor", "NM"), "EVL": ("Eastvale", "EV")}



def _words(text: str) -> list[str]:
    """Word lists are written as text: easier to read and extend than lists of quoted strings."""
    return text.split()


FIRST_NAMES = {
    "male": _words("""
        Aaron Adam Ahmed Aidan Amir Arjun Bartosz Bilal Callum Chidi Connor Daniel Declan Dylan Ewan Faisal Finley
        Hamza Harvey Ibrahim Imran Isaac Jakub Jamie Jayden Kacper Kai Kian Kwame Leon Liam Lewis Mason Mohammed
        Musa Mustafa Nathan Noah Oleksandr Omar Owen Rhys Ryan Sean Tariq Theo Tomasz Tyler Yusuf Zain"""),
    "female": _words("""
        Aisha Amara Amelia Chloe Ellie Ffion Grace Hannah Isabelle Jasmine Leah Maya Niamh Priya Safiya Sophie
        Wiktoria Yasmin Zainab Zara"""),
}
SHORT_FORMS = {"Mohammed": "Mo", "Oleksandr": "Sasha", "Tomasz": "Tom", "Daniel": "Danny", "Isabelle": "Izzy",
               "Nathan": "Nate", "Jakub": "Kuba", "Jamie": "Jay", "Amelia": "Millie", "Zainab": "Zee"}
# Spellings and forms the duplicate check knows are the same name: a repeat referral may use either.
VARIANTS = {"Mohammed": "Muhammad", "Yusuf": "Yousef", "Tomasz": "Thomas", "Callum": "Calum", "Connor": "Conor",
            "Sophie": "Sofia", "Jamie": "James", "Zainab": "Zaynab", "Aisha": "Ayesha", "Oleksandr": "Alexander",
            "Jakub": "Jacob", "Leah": "Lea", "Hamza": "Hamzah", "Omar": "Umar", "Sean": "Shaun", "Aidan": "Aiden",
            "Isabelle": "Isabella", "Yasmin": "Yasmeen", "Ibrahim": "Ebrahim", "Mustafa": "Mustapha"}
LAST_NAMES = _words("""
    Ashworth Blackwood Brennan Haworth Kershaw Marsden Pennington Pritchard Quinlan Sutcliffe Thornton Whitfield
    Llewellyn McAllister Doherty Ogilvie Siddiqui Chaudhry Bhatti Mistry Parmar Sandhu Dhillon Qureshi Hossain
    Talukdar Okonkwo Adeyemi Mensah Osei Boateng Nwosu Abdi Warsame Mwangi Nowicki Zielinski Wozniak Popescu Ionescu
    Kovacs Horvath Kazlauskas Pham Cheung Haddad Karimi Rostami Yilmaz Demir Fernandes Moretti""")
DEMO_FIRST_NAMES = frozenset(FIRST_NAMES["male"] + FIRST_NAMES["female"]) | frozenset(VARIANTS.values())
DEMO_LAST_NAMES = frozenset(LAST_NAMES)
STREETS = _words("Road Street Close Avenue Lane Grove Crescent Terrace")
SCHOOLS = ["{town} Academy", "St Aidan's Church of England High School", "{town} Park School",
           "Moorside Community College"]
SIXTH_FORMS = ["{town} Sixth Form College", "{town} College"]
ADULT_PLACES = ["Unemployed", "{town} College", "Warehouse operative", "Delivery driver", "Not known", ""]
LANGUAGES = ["English"] * 12 + ["English, Urdu", "Polish, English", "Arabic", "English, Somali", "Romanian",
                                "Bengali, English", "Kurdish (Sorani)", "English, Punjabi"]
NEEDS = [""] * 10 + ["Autistic; prefers written communication.", "ADHD.", "Has an education, health and care plan.",
                     "Needs an interpreter.", "Young carer for a parent."]

# source code: (weight for a child, weight for an adult, sector, organisation, referrer's role)
SOURCES = {
    "2A": (34, 0, "education", "{school}", "Designated safeguarding lead"),
    "2B": (5, 0, "education", "{town} Education Welfare Service", "Education welfare officer"),
    "3A": (3, 6, "health", "{town} Medical Practice", "GP"),
    "3E": (1, 3, "health", "{town} General Hospital", "Emergency department nurse"),
    "3F": (3, 8, "health", "{town} Mental Health Service", "Community psychiatric nurse"),
    "4": (1, 6, "housing", "{town} Homes", "Housing officer"),
    "5A": (10, 6, "social_care", "{town} Council Social Care", "Social worker"),
    "5B": (2, 4, "local_authority", "{town} Libraries", "Library manager"),
    "5D": (6, 0, "local_authority", "{town} Early Help", "Family support worker"),
    "6": (12, 24, "police", "Moorshire Police", "Neighbourhood officer"),
    "7": (1, 8, "probation", "Probation Service, {town}", "Probation officer"),
    "1A": (8, 8, "public", "Member of the public", "Parent or carer"),
    "1B": (2, 4, "public", "Member of the public", "Neighbour"),
    "8": (4, 6, "voluntary", "{town} Youth Trust", "Youth worker"),
}
# concern type code: (weight, what the referrer saw; {they} is the subject's pronoun)
CONCERNS = {
    "conflicted": (30, ["Mixes symbols from opposing extremist movements online and says society is rotten and "
                        "needs 'a reset'. {They} talk about wanting to make a mark.",
                        "Has become withdrawn and angry, shares conspiracy videos and has drawn violent imagery "
                        "mixed with slogans from several movements."]),
    "extreme_right_wing": (24, ["Has been sharing racist memes in a class group chat and told staff that "
                                "'invaders' should be sent back. {They} recently drew a symbol linked to a "
                                "banned group.",
                                "Posted comments praising a far-right attacker on a gaming forum; a parent found "
                                "extremist leaflets in {their} bedroom."]),
    "islamist": (14, ["Told a youth worker that people who do not share {their} faith deserve punishment, and "
                      "watches videos by a preacher known for extremist views.",
                      "Has asked classmates how to travel to a conflict zone and shared material celebrating "
                      "attacks on civilians."]),
    "mass_violence": (14, ["Searches at school for footage of school shootings and keeps a notebook listing past "
                           "attackers and the numbers of their victims.",
                           "Talks admiringly about mass-casualty attacks and has said {they} understand why "
                           "people do them."]),
    "vulnerability_only": (8, ["Isolated since moving schools, spends long hours online and was contacted by "
                               "adults unknown to the family. No ideology expressed so far."]),
    "left_wing": (3, ["Part of an online group urging sabotage of company property; has talked about 'direct "
                      "action' against named local businesses."]),
    "other": (4, ["Expressed support for violence linked to an overseas conflict after a bereavement in the "
                  "family."]),
    "no_concern": (3, ["A neighbour is worried about flags displayed at the family home; nothing else is known."]),
}
INDICATORS = {"grievance": 8, "belonging": 7, "extremist_contacts": 5, "extremist_material": 9, "sudden_change": 6,
              "us_and_them": 6, "justifies_violence": 4, "stated_intent": 1, "attack_interest": 3, "weapons": 1,
              "harmful_skills": 1, "planning": 1}
# pathway code: (weight for a child, weight for an adult, definitions cited, rationale)
PATHWAYS = {
    "no_further_action": (28, 34, ["extremism"], "Checks with school, police and social care found no ideology "
                          "or risk; strong views only. Advice given to the referrer."),
    "early_help": (24, 22, ["vulnerability"], "Vulnerable and isolated but no risk of radicalisation that needs a "
                   "case. Signposted to early help and a mentoring scheme."),
    "early_help_assessment": (24, 0, ["vulnerability"], "Family needs coordinated support and the risk of "
                              "radicalisation is low. Early help assessment agreed with the family."),
    "child_in_need": (12, 0, ["vulnerability", "radicalisation"], "Unmet needs at home alongside exposure to "
                      "extremist material; an assessment under section 17 is needed."),
    "child_protection": (4, 0, ["radicalisation"], "Reasonable cause to suspect significant harm from adults "
                         "drawing the child into extremist activity. Strategy discussion held."),
    "adult_safeguarding": (0, 14, ["vulnerability"], "Care and support needs and exploitation by an online group; "
                           "cannot protect themselves. Section 42 enquiry opened."),
    "channel": (22, 26, ["radicalisation", "channel"], "Engagement with an extremist cause and emerging intent; "
                "support through Channel could reduce the risk. Referred to the police gateway."),
    "police_immediate": (2, 2, ["terrorism"], "Stated intent and signs of planning: possible offence and risk of "
                         "imminent harm. Passed to the police at once."),
}
WITHDRAW_REASONS = ["The referrer has confirmed the concern was a misunderstanding.",
                    "A duplicate of a referral already being screened.",
                    "The family has moved to another authority; the referral was sent there.",
                    "Further information shows the concern is about a different person."]
NOTES = [("checks_made", "Checked children's and adults' social care records and the school: no previous "
          "concerns recorded."),
         ("partner_information", "Police Prevent team: no previous contact. Happy to attend a strategy meeting."),
         ("partner_information", "School reports improved attendance after a meeting with the family."),
         ("checks_made", "Spoke to the referrer to confirm what was seen and when."),
         ("other", "Parent contacted and agreed to meet the early help coordinator.")]
PRONOUNS = {"male": ("He", "his"), "female": ("She", "her")}


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    gender: str
    born: date | None
    estimated_age: int | None
    postcode: str
    address: str
    place: str
    aliases: tuple[str, ...] = ()


@dataclass
class Plan:
    """One referral to make: what it says, and when each thing happens to it."""

    outcome: str
    submitted_at: datetime
    person: Person
    data: dict = field(default_factory=dict)
    author: str = "practitioner"
    screener: str = "lead"
    steps: list = field(default_factory=list)  # (at, kind, argument) after submission


def _pick(rng: random.Random, weighted: dict):
    return rng.choices(list(weighted), weights=[value[0] if isinstance(value, tuple) else value
                                                 for value in weighted.values()])[0]


def _postcode(rng: random.Random, area: str) -> str:
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    return f"{area}{rng.randint(1, 9)} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"


def _address(rng: random.Random, town: str) -> str:
    return f"{rng.randint(1, 180)} Example {rng.choice(STREETS)}, {town}"


def _person(rng: random.Random, town: str, area: str, on: date) -> Person:
    """Someone new, of an age typical of these referrals (most are children) on the day ``on``."""
    gender = rng.choices(["male", "female", "not_known"], weights=[82, 15, 3])[0]
    first = rng.choice(FIRST_NAMES[gender if gender != "not_known" else rng.choice(["male", "female"])])
    age = rng.choice([11, 12, 13, 13, 14, 14, 15, 15, 15, 16, 16, 17]) if rng.random() < 0.62 else rng.randint(18, 56)
    estimated = age >= 18 and rng.random() < 0.25
    born = None if estimated else on - timedelta(days=age * 365 + rng.randint(10, 350))
    places = SCHOOLS if age < 16 else SCHOOLS + SIXTH_FORMS if age < 18 else ADULT_PLACES
    place = rng.choice(places).format(town=town)
    last = rng.choice(LAST_NAMES)
    aliases = (f"{SHORT_FORMS[first]} {last}",) if first in SHORT_FORMS and rng.random() < 0.5 else ()
    return Person(first, last, gender, born, age if estimated else None, _postcode(rng, area), _address(rng, town),
                  place, aliases)


def _repeat(rng: random.Random, earlier: Person, town: str, area: str) -> Person:
    """The same person referred again: a spelling variant of the name, perhaps a new address."""
    moved = rng.random() < 0.3
    return replace(earlier, first=VARIANTS.get(earlier.first, earlier.first),
                   postcode=_postcode(rng, area) if moved else earlier.postcode,
                   address=_address(rng, town) if moved else earlier.address)


def _referral_data(rng: random.Random, person: Person, town: str, child: bool) -> dict:
    source = rng.choices(list(SOURCES), [weights[0 if child else 1] for weights in SOURCES.values()])[0]
    _, _, sector, organisation, role = SOURCES[source]
    organisation = organisation.format(town=town, school=person.place or f"{town} Academy")
    domain = re.sub(r"[^a-z0-9]+", "-", organisation.lower()).strip("-")
    first, last = rng.choice(FIRST_NAMES[rng.choice(["male", "female"])]), rng.choice(LAST_NAMES)
    concern_types = list(dict.fromkeys([_pick(rng, CONCERNS) for _ in range(1 + (rng.random() < 0.15))]))
    they, their = PRONOUNS.get(person.gender, ("They", "their"))
    text = rng.choice(CONCERNS[concern_types[0]][1]).format(They=they, they=they.lower(), their=their)
    consent = rng.choices(["not_sought", "given", "refused"], weights=[75, 20, 5] if child else [45, 40, 15])[0]
    basis = ("Public task: safeguarding a child (Children Act 1989)." if child else
             "Public task: the Prevent duty (Counter-Terrorism and Security Act 2015, s26).")
    return {
        "first_name": person.first, "last_name": person.last, "aliases": list(person.aliases),
        "date_of_birth": person.born, "estimated_age": person.estimated_age, "gender": person.gender,
        "address": person.address, "postcode": person.postcode, "school_or_workplace": person.place,
        "languages": rng.choice(LANGUAGES), "needs": rng.choice(NEEDS),
        "referrer_name": f"{first} {last}", "referrer_organisation": organisation,
        "referrer_sector": sector, "referrer_role": role, "source_code": source,
        "referrer_email": f"{first}.{last}@{domain}.example".lower() if sector != "public" else "",
        "referrer_phone": f"01632 960{rng.randint(0, 999):03d}",
        "concern": text, "concern_types": concern_types,
        "indicators": sorted({_pick(rng, INDICATORS) for _ in range(rng.randint(1, 3))}),
        "immediate_risk": False, "subject_aware": rng.choices(["no", "yes", "not_known"], weights=[50, 35, 15])[0],
        "consent": consent, "lawful_basis_when_not_sought": basis if consent != "given" else "",
    }


def _timeline(rng: random.Random, now: datetime) -> list[tuple[str, datetime]]:
    """Each referral's final state and when it was submitted (a draft: started), oldest first."""
    recent = [(outcome, now - timedelta(hours=ago)) for outcome, agos in RECENT_HOURS.items() for ago in agos]
    older = [(outcome, ago) for outcome, agos in OLDER_DAYS.items() for ago in agos]
    older += [("withdrawn", rng.randint(4, HISTORY_DAYS)) for _ in range(WITHDRAWN)]
    decided = max(PER_AUTHORITY - len(recent) - len(older), 0)
    older += [("decided", rng.randint(4, HISTORY_DAYS)) for _ in range(decided)]
    today = now.astimezone(LONDON).date()
    timed = sorted((today - timedelta(days=ago), time(rng.randint(8, 16), rng.randint(0, 59)), outcome)
                   for outcome, ago in older)
    return ([(outcome, datetime.combine(day, at, tzinfo=LONDON)) for day, at, outcome in timed]
            + sorted(recent, key=lambda slot: slot[1]))


def _plan_steps(rng: random.Random, plan: Plan, pathways: set[str], child: bool, now: datetime) -> None:
    """What happens after submission, and when: screening (most), notes, then the decision or withdrawal."""
    urgent = plan.data["immediate_risk"]
    gap = timedelta(minutes=rng.randint(20, 90)) if urgent else timedelta(hours=rng.choice([2, 4, 6, 20, 26, 50, 75]))
    gap = min(gap, (now - plan.submitted_at) * 0.8)
    if plan.outcome == "submitted":
        if rng.random() < 0.3:
            plan.steps.append((plan.submitted_at + gap * 0.1, "assign", rng.choice(["practitioner", "lead"])))
        return
    if plan.outcome == "screening" or not (urgent or rng.random() < 0.15):  # some are decided straight away
        if rng.random() < 0.15:
            plan.steps.append((plan.submitted_at + gap * 0.1, "assign", "practitioner"))
        plan.steps.append((plan.submitted_at + gap * 0.25, "start_screening", None))
        for index in range(rng.randint(0, 2)):
            plan.steps.append((plan.submitted_at + gap * (0.4 + 0.2 * index), "note", rng.choice(NOTES)))
    if plan.outcome == "decided":
        choices = {code: PATHWAYS[code][0 if child else 1] for code in sorted(pathways) if code in PATHWAYS}
        if urgent:
            choices = {code: 1 for code in ("police_immediate", "channel") if code in pathways}
        plan.steps.append((plan.submitted_at + gap, "decide", rng.choices(list(choices), list(choices.values()))[0]))
    elif plan.outcome == "withdrawn":
        plan.steps.append((plan.submitted_at + gap, "withdraw", rng.choice(WITHDRAW_REASONS)))


def _plans(rng: random.Random, code: str, pathways: set[str], now: datetime) -> list[Plan]:
    town, area = AUTHORITIES[code]
    people: list[Person] = []  # everyone referred so far, for repeat referrals
    plans = []
    for outcome, submitted_at in _timeline(rng, now):
        on = submitted_at.astimezone(LONDON).date()
        drafting = outcome in ("draft", "abandoned")
        repeat = people and not drafting and rng.random() < 0.1
        person = _repeat(rng, rng.choice(people), town, area) if repeat else _person(rng, town, area, on)
        if not drafting:
            people.append(person)
        child = person.born is not None and age_on(person.born, on) < CHILD_UNDER
        plan = Plan(outcome, submitted_at, person, _referral_data(rng, person, town, child),
                    author=rng.choices(["practitioner", "lead", "manager", "shared"], [35, 40, 10, 15])[0],
                    screener=rng.choices(["lead", "manager", "shared"], [55, 20, 25])[0])
        plan.data["immediate_risk"] = outcome in ("decided", "screening") and rng.random() < 0.03
        if drafting:  # the subject step, perhaps part of the next
            plan.data = {name: plan.data[name] for name in list(plan.data)[:rng.randint(4, 12)]}
        else:
            _plan_steps(rng, plan, pathways, child, now)
        plans.append(plan)
    return plans


def _make(plan: Plan, cast: dict[str, Membership], definitions: set[str]) -> Referral:
    author, screener = cast[plan.author], cast[plan.screener]
    started = plan.submitted_at - timedelta(minutes=25)
    referral = services.referral_draft_create(actor_membership=author, data=plan.data, at=started)
    if plan.outcome == "abandoned":
        return services.referral_withdraw(referral=referral, actor_membership=author, at=plan.submitted_at,
                                          reason="Started by mistake: the school phoned the referral in instead.")
    if plan.outcome == "draft":
        return referral
    referral = services.referral_submit(referral=referral, actor_membership=author, at=plan.submitted_at)
    for at, kind, argument in sorted(plan.steps, key=lambda step: step[0]):
        if kind == "assign":
            services.referral_assign(referral=referral, assignee_user_id=cast[argument].user_id,
                                     actor_membership=screener, at=at)
        elif kind == "start_screening":
            services.referral_start_screening(referral=referral, actor_membership=screener, at=at)
        elif kind == "note":
            services.referral_screening_note_add(referral=referral, actor_membership=screener, kind=argument[0],
                                                 text=argument[1], at=at)
        elif kind == "decide":
            cited = [code for code in PATHWAYS[argument][2] if code in definitions]
            services.referral_decide(referral=referral, actor_membership=screener, pathway_code=argument,
                                     rationale=PATHWAYS[argument][3], definition_codes=cited, at=at)
        else:
            services.referral_withdraw(referral=referral, actor_membership=screener, reason=argument, at=at)
    return referral


def demo_cast(authority: Authority) -> dict[str, Membership]:
    """The demo people of ``authority`` who act in its history, by part: practitioner, lead, manager, shared."""
    prefix = authority.code.lower()
    usernames = {"practitioner": f"{prefix}.practitioner", "lead": f"{prefix}.lead", "manager": f"{prefix}.manager",
                 "shared": "shared.lead"}
    members = {member.user.username: member for member in Membership.objects.select_related("user").filter(
        authority=authority, user__username__in=usernames.values())}
    return {key: members[username] for key, username in usernames.items()}


def _seed(authority: Authority, now: datetime) -> None:
    rng = random.Random(f"{SEED}:{authority.code}")  # noqa: S311 - demo content, not security
    version = ConsensusVersion.objects.get(authority=authority, status=VersionStatus.PUBLISHED)
    pathways = set(ResponsePathway.objects.filter(version=version).values_list("code", flat=True))
    definitions = set(Definition.objects.filter(version=version).values_list("code", flat=True))
    cast = demo_cast(authority)
    for plan in _plans(rng, authority.code, pathways, now):
        _make(plan, cast, definitions)


def seed_demo_referrals(*, now: datetime | None = None) -> list[str]:
    """Make each demo authority's referrals unless it has some already. Returns one line per authority saying
    how many it has in each state (the same lines on every run)."""
    now = now or timezone.now() - timedelta(minutes=1)
    lines = []
    for code in AUTHORITIES:
        authority = Authority.objects.get(code=code)
        with authority_scope(authority.pk), transaction.atomic():
            if not Referral.objects.filter(authority=authority).exists():
                _seed(authority, now)
            counts = Counter(Referral.objects.filter(authority=authority).values_list("status", flat=True))
        states = ", ".join(f"{counts[status]} {status}" for status in ReferralStatus.values)
        lines.append(f"{authority.name}: {sum(counts.values())} referrals ({states})")
    return lines
