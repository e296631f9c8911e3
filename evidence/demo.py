"""Demo evidence base for one authority: it shares its evidence base, a few learning notes on its closed cases (most
published, one waiting for approval, one draft) and a year of community engagement sessions. Everything is made
through the services, backdated with ``at=``, so the audit trail tells the same story.

Every note, session, organisation and place is invented. ``seed_evidence`` is idempotent: an authority that has
notes or sessions already gets no more of them. Call it after the demo cases exist (``seed_demo_cases``)."""

import datetime as dt
import random
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import Authority, Membership
from accounts.roles import Role
from cases.models import Case, CaseStatus
from consensus.working_days import LONDON
from core.exceptions import DomainError
from core.tenancy import authority_scope
from evidence import services
from evidence.models import CommunityEngagement, EvidenceSharing, LearningNote

PUBLISHED = [
    {"title": "A mentor from a local boxing gym kept a teenager engaged",
     "what_was_tried": "Weekly mentoring with a youth worker who runs sessions at a boxing gym, alongside a family "
                       "meeting every month with the lead worker.",
     "what_worked": "Meeting somewhere that was not an office. The mentor shared an interest in the sport and "
                    "talked about anger and belonging before talking about ideas. Attendance stayed high.",
     "what_did_not": "Sessions by video call: most were missed. Letters to the family went unanswered; phone calls "
                     "worked better.",
     "intervention_types": ["mentoring", "youth"], "concern_category": "extreme_right_wing", "stage": "published"},
    {"title": "College course and a named tutor helped a young adult move away from online forums",
     "what_was_tried": "A place on a college course in digital skills, with a tutor told about the concern, and "
                       "ideological mentoring every fortnight.",
     "what_worked": "A tutor who checked in at the start of each week. Giving the person something to be good at "
                    "reduced the time spent on extremist forums, by their own account.",
     "what_did_not": "Early mentoring sessions that went straight to challenging beliefs: the person stopped "
                     "coming until the mentor changed approach.",
     "intervention_types": ["education", "mentoring"], "concern_category": "islamist", "stage": "published"},
    {"title": "Family support first, then mentoring, for a child fascinated by attacks",
     "what_was_tried": "Family support from early help, then mentoring once home life was more settled, with the "
                       "school's safeguarding lead kept informed.",
     "what_worked": "Starting with the family. Once parents knew what to look for online, they set limits the "
                    "child accepted.",
     "what_did_not": "A referral to a mental health service with a long waiting list: by the time a place came, "
                     "the need had passed.",
     "intervention_types": ["family_support", "mentoring"], "concern_category": "mass_violence",
     "stage": "published"},
    {"title": "A trusted youth worker made the difference when school exclusion loomed",
     "what_was_tried": "Youth work sessions twice a week, a managed move to another school and a review with the "
                       "family every six weeks.",
     "what_worked": "One worker who stayed the same throughout. Sessions built around a practical project gave "
                    "them something to show for their time.",
     "what_did_not": "Handing over between three different workers early on: each time, engagement dropped.",
     "intervention_types": ["youth", "education"], "concern_category": "conflicted", "stage": "published"},
    {"title": "Employment support helped an adult rebuild routine after leaving an online group",
     "what_was_tried": "Employment support with a local charity, and mentoring focused on daily routine rather "
                       "than beliefs.",
     "what_worked": "A work placement with set hours. Having somewhere to be each morning cut time spent online.",
     "what_did_not": "A mentoring course delivered in a group: they did not speak in front of others.",
     "intervention_types": ["employment", "mentoring"], "concern_category": "left_wing", "stage": "published"},
    {"title": "Mental health support came first for a young person with no clear ideology",
     "what_was_tried": "A referral to the children's mental health service, with the school counsellor seeing them "
                       "weekly while they waited.",
     "what_worked": "The counsellor's weekly sessions during the wait. Working on anxiety reduced the pull of "
                    "violent material.",
     "what_did_not": "Trying ideological mentoring early: there was no ideology to discuss, and it confused them.",
     "intervention_types": ["mental_health"], "concern_category": "vulnerability_no_ideology",
     "stage": "published"},
]

IN_PROGRESS = [
    {"title": "Housing support steadied things before any other work could start",
     "what_was_tried": "Help to keep a tenancy, then employment support with a local charity.",
     "what_worked": "Dealing with the risk of eviction first. Other work only began to help once that was settled.",
     "what_did_not": "Group sessions at the job centre: too many people and too little privacy.",
     "intervention_types": ["housing", "employment"], "concern_category": "vulnerability_no_ideology",
     "stage": "submitted"},
    {"title": "What we learnt from a case that closed when consent was withdrawn",
     "what_was_tried": "Mentoring offered twice, with different mentors.",
     "what_worked": "",
     "what_did_not": "",
     "intervention_types": ["mentoring"], "concern_category": "", "stage": "draft"},
]

SESSIONS = [
    ("faith", "Spotting the signs of radicalisation and how to raise a concern", 34, "Interfaith forum"),
    ("parents", "Keeping children safe online: extremist content and gaming chats", 21, "Parents' network"),
    ("education", "Prevent duty refresher for designated safeguarding leads", 46, "Schools' safeguarding partnership"),
    ("young_people", "Youth panel: what makes young people feel they belong", 12, "Youth service"),
    ("community", "Community conversation after a local incident", 58, "Residents' association"),
    ("partners", "Agreeing our referral pathways with police, health and probation", 17, "Police Prevent team"),
    ("voluntary", "Working with community groups on support offers", 23, "Council for voluntary service"),
    ("parents", "Talking to teenagers about misinformation", 15, "Family hubs"),
    ("faith", "Follow-up: how referrals are handled and what happens next", 27, "Interfaith forum"),
]


def notes_for(authority: Authority) -> list[dict]:
    """Half the published notes (alternating by the authority's id, so two demo authorities differ), then one
    waiting for approval and one draft."""
    return [*PUBLISHED[authority.pk % 2::2], *IN_PROGRESS]


def _member(authority: Authority, role: str, *, not_user: int | None = None) -> Membership | None:
    members = (Membership.objects.filter(authority=authority, role=role, is_active=True).select_related("user")
               .order_by("user__username"))
    return members.exclude(user_id=not_user).first() if not_user else members.first()


def _notes(authority: Authority, rng: random.Random, now: datetime) -> int:
    writer = _member(authority, Role.SAFEGUARDING_LEAD)
    approver = _member(authority, Role.MANAGER, not_user=writer.user_id if writer else None)
    if writer is None or approver is None or LearningNote.objects.filter(authority=authority).exists():
        return 0
    cases = list(Case.objects.filter(authority=authority, status=CaseStatus.CLOSED, restricted=False)
                 .order_by("closed_at", "pk").values_list("pk", "closed_at"))
    notes = notes_for(authority)
    made = 0
    for spec, (case_id, closed_at) in zip(notes, cases[-len(notes):], strict=False):
        data = {key: value for key, value in spec.items() if key != "stage"}
        written = min(closed_at + timedelta(days=rng.randint(3, 20)), now - timedelta(days=3))
        try:
            with transaction.atomic():
                note = services.learning_note_create(actor_membership=writer, case_id=case_id, data=data, at=written)
                if spec["stage"] != "draft":
                    services.learning_note_submit(note=note, actor_membership=writer, at=written)
                if spec["stage"] == "published":
                    services.learning_note_approve(note=note, actor_membership=approver,
                                                   at=written + timedelta(days=2))
        except DomainError:
            continue  # a demo text that happened to match something about the person: leave that note out
        made += 1
    return made


def _sessions(authority: Authority, rng: random.Random, now: datetime) -> int:
    recorder = _member(authority, Role.AUTHORITY_ADMIN) or _member(authority, Role.SAFEGUARDING_LEAD)
    if recorder is None or CommunityEngagement.objects.filter(authority=authority).exists():
        return 0
    today = now.astimezone(LONDON).date()
    for n, (audience, topic, attendance, partner) in enumerate(SESSIONS):
        held_on = today - dt.timedelta(days=20 + n * 38 + rng.randint(0, 10))
        services.engagement_record(actor_membership=recorder, at=now, data={
            "held_on": held_on, "audience": audience, "topic": topic,
            "attendance": attendance + rng.randint(-4, 4), "partners": f"{authority.name.split()[0]} {partner}",
            "notes": "Questions were mostly about what happens after a referral. Agreed to share the leaflet."})
    return len(SESSIONS)


def seed_evidence(authority: Authority, *, now: datetime | None = None, share: bool = True) -> list[str]:
    """Seed ``authority``'s evidence base (see the module's docstring). Returns one line saying what it has."""
    now = now or timezone.now() - timedelta(minutes=1)
    rng = random.Random(f"threshold-demo-evidence:{authority.code}")  # noqa: S311 - demo content, not security
    with authority_scope(authority.pk), transaction.atomic():
        admin = _member(authority, Role.AUTHORITY_ADMIN)
        if share and admin is not None and not EvidenceSharing.objects.filter(authority=authority).exists():
            services.evidence_sharing_set(actor_membership=admin, opted_in=True, at=now)
        _notes(authority, rng, now)
        _sessions(authority, rng, now)
        notes = LearningNote.objects.filter(authority=authority).count()
        sessions = CommunityEngagement.objects.filter(authority=authority).count()
        shares = EvidenceSharing.objects.filter(authority=authority, opted_in=True).exists()
    return [f"{authority.name}: evidence base {'shared' if shares else 'not shared'}, {notes} learning notes, "
            f"{sessions} engagement sessions"]
