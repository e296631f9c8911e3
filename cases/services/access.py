"""Who may see a restricted case: restricting it, named access (``see_restricted_case`` grants), and break-glass.

A restricted case (for example, the person is related to a member of staff) is seen only by its lead worker and
the people given access by name. A safeguarding lead or manager without either may break glass: they give a
reason, the access is audited, lasts BREAK_GLASS_MINUTES and is shown to the other leads and managers
(selectors.break_glass_recent, on the case page and the leads' list of cases).

Grants are given and taken here only, in the same transaction as their audit event."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from accounts.models import Membership
from accounts.roles import Capability
from audit.services import audit_record
from cases import permissions
from cases.models import SEE_RESTRICTED_CASE, BreakGlassAccess, Case, CaseUserObjectPermission
from cases.models.choices import BREAK_GLASS_MINUTES
from cases.services._common import backdated, lock_case, moment
from cases.services.lifecycle import as_id, casework_member, clean_reason, forget_grants
from core.exceptions import FieldErrors, InvalidTransition, PermissionDenied

__all__ = ["BREAK_GLASS_REASON_MIN", "case_break_glass", "case_grant_access", "case_remove_access",
           "case_set_restricted"]

A = permissions.CaseAction
SEE_PERM = f"cases.{SEE_RESTRICTED_CASE}"
BREAK_GLASS_REASON_MIN = 10


def _has_named_access(case: Case, user_id: int) -> bool:
    return CaseUserObjectPermission.objects.filter(content_object=case, user_id=user_id,
                                                   permission__codename=SEE_RESTRICTED_CASE).exists()


@transaction.atomic
def case_set_restricted(*, case: Case, actor_membership: Membership, restricted: bool, reason: str,
                        at: datetime | None = None) -> Case:
    """Restrict a case, or lift the restriction (a lead or manager who can see it), with a reason. Restricting
    gives the actor named access so they keep the case. Already as asked: nothing is written."""
    case = lock_case(case, actor_membership, A.RESTRICT)
    errors = {}
    if not isinstance(restricted, bool):
        errors["restricted"] = ["Choose whether to restrict the case"]
    missing = "Say why the case needs to be restricted" if restricted is not False else \
        "Say why the restriction can be removed"
    reason = clean_reason(errors, reason, missing=missing)
    if errors:
        raise FieldErrors(errors)
    moment(at)
    if case.restricted == restricted:
        return case
    case.restricted = restricted
    case.save(update_fields=["restricted", "updated_at"])
    if restricted:
        assign_perm(SEE_PERM, actor_membership.user, case)
    audit_record(action="cases.case.restricted" if restricted else "cases.case.unrestricted",
                 actor=actor_membership.user, target=case,
                 data={"reference": case.reference, "old": {"restricted": not restricted},
                       "new": {"restricted": restricted}, "reason": reason, **backdated(at)})
    return forget_grants(case)


@transaction.atomic
def case_grant_access(*, case: Case, actor_membership: Membership, user_id: int, at: datetime | None = None) -> Case:
    """Give a practitioner, lead or manager of the authority named access to a restricted case. Already given:
    nothing is written."""
    case = lock_case(case, actor_membership, A.RESTRICT)
    if not case.restricted:
        raise InvalidTransition("This case is not restricted, so named access is not needed: restrict it first.")
    member = casework_member(case.authority_id, user_id)
    if member is None:
        raise FieldErrors({"user": ["Choose a practitioner, safeguarding lead or manager in your authority"]})
    moment(at)
    if _has_named_access(case, member.user_id):
        return case
    assign_perm(SEE_PERM, member.user, case)
    audit_record(action="cases.case.access_granted", actor=actor_membership.user, target=case,
                 data={"reference": case.reference, "user_id": member.user_id, **backdated(at)})
    return forget_grants(case)


@transaction.atomic
def case_remove_access(*, case: Case, actor_membership: Membership, user_id: int, at: datetime | None = None) -> Case:
    """Take away someone's named access. Their other access stays: a lead worker still works on the case. No
    named access to remove: nothing is written."""
    case = lock_case(case, actor_membership, A.RESTRICT)
    user_id = as_id(user_id)
    if user_id is None:
        raise FieldErrors({"user": ["Choose whose access to remove"]})
    moment(at)
    if not _has_named_access(case, user_id):
        return case
    grant = CaseUserObjectPermission.objects.select_related("user").filter(
        content_object=case, user_id=user_id, permission__codename=SEE_RESTRICTED_CASE).first()
    remove_perm(SEE_PERM, grant.user, case)
    audit_record(action="cases.case.access_removed", actor=actor_membership.user, target=case,
                 data={"reference": case.reference, "user_id": user_id, **backdated(at)})
    return forget_grants(case)


@transaction.atomic
def case_break_glass(*, case_id: int, actor_membership: Membership, reason: str,
                     at: datetime | None = None) -> BreakGlassAccess:
    """Let a safeguarding lead or manager into a restricted case of their authority that they cannot otherwise
    see, for BREAK_GLASS_MINUTES, with a reason of at least BREAK_GLASS_REASON_MIN characters. Another
    authority's case (or none): Case.DoesNotExist (404). An access still running is returned as it is."""
    if not actor_membership.is_active or not actor_membership.can(Capability.SEE_ALL_CASES):
        raise PermissionDenied("Only a safeguarding lead or manager can break glass.")
    case = (Case.objects.select_for_update()
            .get(authority_id=actor_membership.authority_id, pk=as_id(case_id) or 0))
    if not case.restricted:
        raise InvalidTransition("This case is not restricted: you can open it without breaking glass.")
    if permissions.case_codenames_for(actor_membership, case):
        raise InvalidTransition("You have access to this case already.")
    errors = {}
    reason = clean_reason(errors, reason, minimum=BREAK_GLASS_REASON_MIN,
                          missing="Say why you need to see this case now")
    if errors:
        raise FieldErrors(errors)
    when = moment(at)
    running = BreakGlassAccess.objects.filter(case=case, user_id=actor_membership.user_id,
                                              expires_at__gt=timezone.now()).order_by("-expires_at").first()
    if running is not None and at is None:
        return running
    access = BreakGlassAccess.objects.create(authority_id=case.authority_id, case=case, user=actor_membership.user,
                                             reason=reason, started_at=when,
                                             expires_at=when + timedelta(minutes=BREAK_GLASS_MINUTES))
    audit_record(action="cases.case.glass_broken", actor=actor_membership.user, target=case,
                 data={"reference": case.reference, "break_glass_id": access.pk, "reason": reason,
                       "expires_at": access.expires_at.isoformat(), **backdated(at)})
    return access
