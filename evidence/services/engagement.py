"""The community engagement log: sessions the authority ran with communities and partners about its safeguarding
goals (the research asked authorities to engage communities), recorded by authority administrators, leads and
managers, and shown beside the referral trends. Sessions hold no personal details: attendance is a number."""

import datetime as dt
from datetime import datetime

from django.db import transaction

from accounts.models import Membership
from audit.services import audit_record
from cases.services._common import local_date
from core.exceptions import FieldErrors
from evidence import permissions
from evidence.models import (
    ATTENDANCE_MAX,
    ENGAGEMENT_NOTES_MAX,
    PARTNERS_MAX,
    TOPIC_MAX,
    Audience,
    CommunityEngagement,
)
from referrals.services._common import backdated, moment

A = permissions.EvidenceAction
EARLIEST = dt.date(2000, 1, 1)
FIELDS = ("held_on", "audience", "topic", "attendance", "partners", "notes")
TEXTS = {"topic": ("Enter what the session was about", TOPIC_MAX), "partners": (None, PARTNERS_MAX),
         "notes": (None, ENGAGEMENT_NOTES_MAX)}
# Free text may name people by mistake, and the audit trail cannot be corrected: only these go in as values.
AUDITED_VALUES = ("held_on", "audience", "attendance")


def _clean(data: dict, *, today: dt.date) -> dict:
    errors, values = {}, {}
    held_on = data.get("held_on")
    if not isinstance(held_on, dt.date) or isinstance(held_on, datetime):
        errors["held_on"] = ["Enter the date of the session"]
    elif held_on > today:
        errors["held_on"] = ["The date of the session must be today or in the past"]
    elif held_on < EARLIEST:
        errors["held_on"] = ["The date of the session must be 1 January 2000 or later"]
    values["held_on"] = held_on
    values["audience"] = data.get("audience") or ""
    if values["audience"] not in Audience.values:
        errors["audience"] = ["Choose who the session was for"]
    attendance = data.get("attendance")
    if attendance is None or attendance == "":
        errors["attendance"] = ["Enter how many people came"]
    elif isinstance(attendance, bool) or not isinstance(attendance, int):
        errors["attendance"] = ["How many people came must be a whole number, like 12"]
    elif attendance < 0:
        errors["attendance"] = ["How many people came must be 0 or more"]
    elif attendance > ATTENDANCE_MAX:
        errors["attendance"] = [f"How many people came must be {ATTENDANCE_MAX:,} or fewer"]
    values["attendance"] = attendance
    for field, (missing, limit) in TEXTS.items():
        text = data.get(field)
        values[field] = text.strip() if isinstance(text, str) else ""
        if len(values[field]) > limit:
            errors[field] = [f"This must be {limit:,} characters or fewer"]
        elif missing and not values[field]:
            errors[field] = [missing]
    if errors:
        raise FieldErrors(errors)
    return values


@transaction.atomic
def engagement_record(*, actor_membership: Membership, data: dict, at: datetime | None = None) -> CommunityEngagement:
    """Record a session: its date (not in the future), who it was for, the topic, how many came, the partner
    organisations and notes."""
    permissions.require(actor_membership, A.RECORD_ENGAGEMENT)
    values = _clean(data, today=local_date(moment(at)))
    session = CommunityEngagement.objects.create(authority_id=actor_membership.authority_id,
                                                 recorded_by=actor_membership.user, **values)
    audit_record(action="evidence.engagement.recorded", actor=actor_membership.user, target=session,
                 data={"engagement_id": session.pk, **{field: values[field] for field in AUDITED_VALUES},
                       **backdated(at)})
    return session


@transaction.atomic
def engagement_update(*, engagement: CommunityEngagement, actor_membership: Membership,
                      data: dict) -> CommunityEngagement:
    """Correct a session. Fields not in ``data`` stay as they are; nothing changed writes nothing."""
    permissions.require(actor_membership, A.RECORD_ENGAGEMENT)
    session = (CommunityEngagement.objects.select_for_update()
               .get(pk=getattr(engagement, "pk", engagement), authority_id=actor_membership.authority_id))
    current = {field: getattr(session, field) for field in FIELDS}
    values = _clean({**current, **{key: data[key] for key in FIELDS if key in data}},
                    today=local_date(moment(None)))
    changed = [field for field in FIELDS if values[field] != current[field]]
    if not changed:
        return session
    for field in changed:
        setattr(session, field, values[field])
    session.save(update_fields=[*changed, "updated_at"])
    audit_record(action="evidence.engagement.changed", actor=actor_membership.user, target=session,
                 data={"engagement_id": session.pk, "fields": changed,
                       "old": {field: current[field] for field in changed if field in AUDITED_VALUES},
                       "new": {field: values[field] for field in changed if field in AUDITED_VALUES}})
    return session
