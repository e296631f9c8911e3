"""A practitioner's own dashboard on the home page: the referrals they made or were given and where each one is,
the cases they lead, and what is due this week (to the end of Sunday), overdue work first.

Everything comes from the same policies and selectors as the referral list and "My caseload", so the home page
never shows a practitioner anything those pages would not. Five queries however many referrals and cases.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from accounts.roles import Capability
from cases.lapsing import lapse_weeks_in_force
from cases.models import CaseStatus, RiskLevel
from cases.selectors import caseload_for
from consensus.working_days import LONDON
from referrals.models import OPEN_STATUSES, ReferralStatus
from referrals.permissions import referral_visible_to

RECENT_REFERRALS = 5
RECENT_DECISION_DAYS = 30
DUE_SHOWN = 10  # the rest are on "My caseload"
_ASSESSING = (CaseStatus.OPEN, CaseStatus.ASSESSMENT)


@dataclass(frozen=True)
class DueItem:
    """One thing due on a case: ``what`` in words, ``on`` the day it is due (None: due now, as a lapsed
    intervention is), ``overdue``."""

    case: object
    what: str
    on: date | None
    overdue: bool

    @property
    def lapsed(self) -> bool:
        return self.on is None


def _due_this_week(cases, today: date, week_end: date) -> list[DueItem]:
    items = []
    for case in cases:
        if case.review_due_on and case.review_due_on <= week_end:
            items.append(DueItem(case, "Review", case.review_due_on, case.review_due_on < today))
        if case.status in _ASSESSING and case.assessment_due_on and case.assessment_due_on <= week_end:
            items.append(DueItem(case, "Assessment", case.assessment_due_on, case.assessment_due_on < today))
        if case.lapsed_interventions:
            count = case.lapsed_interventions
            items.append(DueItem(case, f"{count} intervention{'s' if count > 1 else ''} with no recent session",
                                 None, True))
    return sorted(items, key=lambda item: (not item.overdue, item.on or date.min, item.case.reference))


def practitioner_home_panel(request) -> dict | None:
    """The home page's "Your work" section for someone with their own dashboard (practitioners), else None."""
    membership = request.membership
    if not membership.can(Capability.OWN_DASHBOARD):
        return None
    now = timezone.now()
    today = timezone.localtime(now, LONDON).date()
    referrals = referral_visible_to(membership)
    counts = referrals.aggregate(
        drafts=Count("pk", filter=Q(status=ReferralStatus.DRAFT, submitted_by_id=membership.user_id)),
        waiting=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        decided_recently=Count("pk", filter=Q(status=ReferralStatus.DECIDED,
                                              decided_at__gte=now - timedelta(days=RECENT_DECISION_DAYS))),
    )
    recent = list(referrals.exclude(status=ReferralStatus.DRAFT).select_related("pathway")
                  .order_by("-submitted_at", "-pk")[:RECENT_REFERRALS])
    cases = list(caseload_for(membership, today=today))
    week_end = today + timedelta(days=6 - today.weekday())
    due = _due_this_week(cases, today, week_end)
    open_cases = [case for case in cases if case.status != CaseStatus.CLOSED]
    risk = {level: sum(case.risk_level == level for case in open_cases) for level in RiskLevel.values}
    return {
        "referral_counts": counts, "recent_referrals": recent, "recent_decision_days": RECENT_DECISION_DAYS,
        "cases": cases, "open_cases": len(open_cases), "risk": risk,
        "not_assessed": sum(not case.risk_level for case in open_cases),
        "due": due[:DUE_SHOWN], "due_more": max(len(due) - DUE_SHOWN, 0), "today": today, "week_end": week_end,
        "lapse_weeks": lapse_weeks_in_force(membership.authority_id),
    }
