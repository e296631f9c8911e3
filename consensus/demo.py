"""The demo authorities' agreements: published through the same services as any agreement, by the demo people.

Northmoor (a Prevent priority area) adopts the starter agreement with its three teams: decisions within one
working day, the seven default pathways. Eastvale adapts it: decisions within two working days, no separate
"signpost to early help" pathway, and an early help assessment led by its Early help team instead.
"""

from django.db import transaction

from accounts.models import Authority, Membership, Team
from consensus.models import ConsensusVersion, Stage, SubjectGroup, VersionStatus
from consensus.services import consensus_starter_publish
from consensus.starter import starter_items
from core.tenancy import authority_scope

TEAMS = {
    "NMR": {"children": "Children's front door", "adults": "Adult safeguarding", "prevent": "Prevent and Channel"},
    "EVL": {"children": "Multi-agency safeguarding hub", "adults": "Multi-agency safeguarding hub",
            "prevent": "Multi-agency safeguarding hub"},
}
EARLY_HELP_ASSESSMENT = {
    "code": "early_help_assessment", "label": "Early help assessment (Eastvale Early Help)",
    "when_applies": "A family needs coordinated support and there is a low risk of radicalisation.",
    "opens_case": True, "timescale_working_days": 10,
}


def _eastvale_changes(teams: dict[str, Team]) -> dict:
    items = starter_items({hint: teams[name] for hint, name in TEAMS["EVL"].items()})
    pathways = [pathway for pathway in items["pathways"] if pathway["code"] != "early_help"]
    pathways.insert(1, EARLY_HELP_ASSESSMENT)
    responsibilities = [*items["responsibilities"], {
        "stage": Stage.CASE_LEAD, "subject_group": SubjectGroup.CHILD, "pathway": "early_help_assessment",
        "team": teams["Early help"].pk, "role": "practitioner",
    }]
    return {"summary": "Eastvale's first agreement: the starter, with decisions in two working days and an early "
                       "help assessment pathway.",
            "timescales": {"decision_working_days": 2},
            "pathways": [{key: value for key, value in pathway.items() if key != "position"} for pathway in pathways],
            "responsibilities": responsibilities}


def _member(authority: Authority, username: str) -> Membership:
    return Membership.objects.select_related("user").get(authority=authority, user__username=username)


@transaction.atomic
def seed_demo_agreements() -> list[str]:
    """Publish each demo authority's agreement unless it already has one (idempotent: the same lines each run)."""
    done = []
    for code in TEAMS:
        authority = Authority.objects.get(code=code)
        with authority_scope(authority.pk):
            if not ConsensusVersion.objects.filter(authority=authority).exists():
                _publish(authority, code)
            current = ConsensusVersion.objects.filter(authority=authority, status=VersionStatus.PUBLISHED).first()
        done.append(f"{authority.name}: agreement version {current.number if current else '-'} in force")
    return done


def _publish(authority: Authority, code: str) -> None:
    prefix = code.lower()
    teams = {team.name: team for team in Team.objects.filter(authority=authority)}
    lead, manager = _member(authority, f"{prefix}.lead"), _member(authority, f"{prefix}.manager")
    consensus_starter_publish(
        proposer=lead, strategic=manager, frontline=lead,
        teams={hint: teams[name] for hint, name in TEAMS[code].items()},
        editor=_member(authority, f"{prefix}.admin"),
        changes=_eastvale_changes(teams) if code == "EVL" else None,
    )
