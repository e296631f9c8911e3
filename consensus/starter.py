"""The starter agreement: Threshold's default content, which an authority adapts and signs off as its own.

The wording is plain English for frontline staff and is meant to be rewritten locally. Responsibilities name a
role for every stage; teams are filled in only when the caller maps the three team hints (children, adults,
prevent) to the authority's own teams, and are otherwise left empty for the authority administrator to set: the
starter cannot know a council's team structure, and a wrong guess would misroute referrals.
"""

from collections.abc import Mapping

from accounts.models import Team
from accounts.roles import Role
from consensus.models import HomeOfficeCategory as H
from consensus.models import IndicatorGroup as G
from consensus.models import Stage, SubjectGroup

SUMMARY = "Starter agreement: Threshold's default definitions, pathways and responsibilities, to adapt locally."
TEAM_HINTS = ("children", "adults", "prevent")

DEFINITIONS = [
    ("radicalisation", "Radicalisation",
     "The process by which someone comes to support terrorism or the extremist ideas linked to it, and may be "
     "drawn into acting on them. It usually happens over time, through people, online spaces or events.",
     "Treat it as a safeguarding concern: the person may be at risk of harm as well as a risk to others."),
    ("extremism", "Extremism",
     "Promoting an ideology based on violence, hatred or intolerance that aims to take away other people's rights "
     "and freedoms or to undermine democracy, or deliberately helping others to do so.",
     "Strong, unusual or unpopular opinions are not extremism on their own. Record what was said or done."),
    ("vulnerability", "Vulnerability",
     "Circumstances that make a person easier to influence or exploit, such as isolation, a search for identity "
     "or belonging, trauma, discrimination, mental ill health, or grievances that others take advantage of.",
     "Vulnerability is a reason to offer support, never a reason for suspicion on its own."),
    ("terrorism", "Terrorism",
     "Serious violence, or the threat of it, against people or property, or serious disruption, used to influence "
     "a government or frighten the public for a political, religious, racial or ideological cause.",
     "This summarises section 1 of the Terrorism Act 2000; the police decide whether an offence is involved."),
    ("prevent", "Prevent",
     "The national programme that aims to stop people becoming terrorists or supporting terrorism. Councils, "
     "schools, health services, police and others must have due regard to that aim in their work.",
     "The duty comes from section 26 of the Counter-Terrorism and Security Act 2015."),
    ("channel", "Channel",
     "A voluntary and confidential programme of support for people at risk of being drawn into terrorism. A "
     "multi-agency panel chaired by the council assesses each case and agrees a support plan.",
     "Nobody is made to take part: the person, or for a child usually a parent or carer, has to agree."),
]

CONCERN_TYPES = [
    ("islamist", "Islamist", H.ISLAMIST),
    ("extreme_right_wing", "Extreme right-wing", H.EXTREME_RIGHT_WING),
    ("left_wing", "Left-wing, anarchist or single-issue", H.LEFT_WING),
    ("mass_violence", "Fascination with extreme violence or mass-casualty attacks", H.MASS_VIOLENCE),
    ("conflicted", "Conflicted or unclear ideology", H.CONFLICTED),
    ("vulnerability_only", "Vulnerable, with no ideology or terrorism risk", H.VULNERABILITY_NO_IDEOLOGY),
    ("no_concern", "No risk, vulnerability or ideology found", H.NO_RISK),
    ("other", "Other concern", H.OTHER),
]

INDICATORS = [
    (G.ENGAGEMENT, "grievance", "Holds a strong sense of grievance or injustice that others seem to exploit"),
    (G.ENGAGEMENT, "belonging", "Looks for identity, meaning or belonging through an extremist group or cause"),
    (G.ENGAGEMENT, "extremist_contacts", "Spends time with people who promote extremist views, online or offline"),
    (G.ENGAGEMENT, "extremist_material", "Looks at, keeps or shares extremist material"),
    (G.ENGAGEMENT, "sudden_change", "Sudden change: withdrawing from family and friends, new language or symbols"),
    (G.INTENT, "us_and_them", "Describes the world as 'us and them' and talks about others as less than human"),
    (G.INTENT, "justifies_violence", "Says that violence is justified or necessary for a cause"),
    (G.INTENT, "stated_intent", "Says they intend to harm others"),
    (G.INTENT, "attack_interest", "Shows a close interest in past attacks or attackers"),
    (G.CAPABILITY, "weapons", "Has, seeks or shows interest in making weapons"),
    (G.CAPABILITY, "harmful_skills", "Has or seeks knowledge or skills that could be used to cause harm"),
    (G.CAPABILITY, "planning", "Signs of planning, such as researching targets, travel or equipment"),
]

# code, label, when it applies, opens a case, timescale in working days
PATHWAYS = [
    ("no_further_action", "No further action (advice given)",
     "There is no risk of radicalisation and no unmet need. The referrer is given advice.", False, 1),
    ("early_help", "Signpost to universal services or early help",
     "There is a need for support but no risk of radicalisation that needs a case.", False, 5),
    ("child_in_need", "Child in need assessment (Children Act 1989, s17)",
     "A child may need services to be safe and well, including support away from extremist influence.", True, 10),
    ("child_protection", "Strategy discussion and child protection enquiry (s47)",
     "There is reasonable cause to suspect a child is suffering, or likely to suffer, significant harm.", True, 1),
    ("adult_safeguarding", "Adult safeguarding enquiry (Care Act 2014, s42)",
     "An adult with care and support needs is at risk of abuse or exploitation and cannot protect themselves.",
     True, 2),
    ("channel", "Refer to the police Prevent gateway for Channel consideration",
     "There is a risk of being drawn into terrorism that support through Channel could reduce.", True, 1),
    ("police_immediate", "Immediate police referral",
     "There is a risk of imminent harm or a possible offence. Call 999 first if anyone is in danger now.", True, 1),
]

# stage, subject group, pathway code (or None for every pathway), team hint, role
RESPONSIBILITIES = [
    *[(stage, group, None, hint, Role.SAFEGUARDING_LEAD)
      for stage in (Stage.SCREENING, Stage.DECISION, Stage.REVIEW, Stage.CLOSURE_APPROVAL)
      for group, hint in ((SubjectGroup.CHILD, "children"), (SubjectGroup.ADULT, "adults"))],
    (Stage.CASE_LEAD, SubjectGroup.CHILD, None, "children", Role.PRACTITIONER),
    (Stage.CASE_LEAD, SubjectGroup.ADULT, None, "adults", Role.PRACTITIONER),
    (Stage.CASE_LEAD, SubjectGroup.CHILD, "channel", "prevent", Role.SAFEGUARDING_LEAD),
    (Stage.CASE_LEAD, SubjectGroup.ADULT, "channel", "prevent", Role.SAFEGUARDING_LEAD),
]

DIMENSIONS = [
    ("engagement", "Engagement", "How far the person is involved with a group, cause or ideology.", [
        ("grievance_and_belonging", "Grievance, identity and belonging met by the cause"),
        ("exposure", "Contact with extremist people and material"),
    ]),
    ("intent", "Intent", "Whether the person is prepared to cause harm, or to support others who do.", [
        ("justification", "Justifying or excusing harm for the cause"),
        ("stated_intent", "Stated wish or plan to cause harm"),
    ]),
    ("capability", "Capability", "Whether the person could cause harm if they chose to.", [
        ("means", "Access to weapons or other means of harm"),
        ("skills", "Knowledge, skills or contacts to carry out harm"),
    ]),
]

RATING_LEVELS = [(0, "None", "Not present."), (1, "Low", "Present but limited."),
                 (2, "Moderate", "Clearly present."), (3, "High", "Strongly present, needs action now.")]


def starter_items(teams: Mapping[str, Team] | None = None) -> dict[str, list[dict]]:
    """The starter content in the input shape of ``consensus.parts`` (positions in list order)."""
    teams = teams or {}
    unknown = set(teams) - set(TEAM_HINTS)
    if unknown:
        raise ValueError(f"Unknown team hints {sorted(unknown)}; use {TEAM_HINTS}")
    return {
        "definitions": [{"code": c, "term": t, "wording": w, "guidance": g, "position": i}
                        for i, (c, t, w, g) in enumerate(DEFINITIONS)],
        "concern_types": [{"code": c, "label": label, "home_office_category": h, "position": i}
                          for i, (c, label, h) in enumerate(CONCERN_TYPES)],
        "indicators": [{"group": group, "code": c, "label": label, "position": i}
                       for i, (group, c, label) in enumerate(INDICATORS)],
        "pathways": [{"code": c, "label": label, "when_applies": when, "opens_case": opens,
                      "timescale_working_days": days, "position": i}
                     for i, (c, label, when, opens, days) in enumerate(PATHWAYS)],
        "responsibilities": [{"stage": stage, "subject_group": group, "pathway": pathway, "role": role,
                              "team": teams[hint].pk if hint in teams else None}
                             for stage, group, pathway, hint, role in RESPONSIBILITIES],
        "dimensions": [{"code": c, "label": label, "description": d, "position": i}
                       for i, (c, label, d, _) in enumerate(DIMENSIONS)],
        "factors": [{"code": f, "dimension": c, "label": label, "position": i * 10 + j}
                    for i, (c, _, _, factors) in enumerate(DIMENSIONS) for j, (f, label) in enumerate(factors)],
        "rating_levels": [{"score": s, "label": label, "description": d} for s, label, d in RATING_LEVELS],
    }
