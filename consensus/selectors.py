"""Reads of the agreement, starting from who is asking. Other authorities' versions are never found: the
authority scope filters every query, and each selector also filters by the asker's authority."""

from datetime import datetime
from functools import reduce
from operator import or_

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from accounts.models import Authority, Membership
from consensus import permissions
from consensus.comparison import VersionComparison, compare_versions
from consensus.models import (
    AssessmentFactor,
    ConsensusVersion,
    Responsibility,
    SignOff,
    Stage,
    SubjectGroup,
    VersionStatus,
)
from consensus.working_days import add_working_days


def _with_parts(versions: QuerySet) -> QuerySet:
    """Everything a page or the API shows about a version, in a fixed number of queries (ten)."""
    return versions.select_related("timescales", "created_by", "published_by", "based_on").prefetch_related(
        "definitions", "concern_types", "indicators", "pathways",
        Prefetch("responsibilities", queryset=Responsibility.objects.select_related("pathway", "team")),
        "dimensions", Prefetch("factors", queryset=AssessmentFactor.objects.select_related("dimension")),
        "rating_levels",
        Prefetch("sign_offs", queryset=SignOff.objects.select_related("signed_by")),
    )


def consensus_current_for(authority: Authority | int) -> ConsensusVersion | None:
    """The agreement in force for ``authority`` (its published version) with every part loaded, or None."""
    authority_id = getattr(authority, "pk", authority)
    versions = ConsensusVersion.objects.filter(authority_id=authority_id, status=VersionStatus.PUBLISHED)
    return _with_parts(versions).first()


def _visible_to(membership: Membership) -> QuerySet:
    return ConsensusVersion.objects.filter(authority_id=membership.authority_id,
                                           status__in=permissions.visible_statuses(membership))


def consensus_version_list_visible_to(membership: Membership) -> QuerySet:
    """Newest first. Everyone sees published and superseded versions; people who work on the agreement also see
    drafts and versions in review."""
    return (_visible_to(membership).select_related("created_by", "published_by", "based_on")
            .prefetch_related(Prefetch("sign_offs", queryset=SignOff.objects.select_related("signed_by")))
            .order_by("-number"))


def consensus_version_get_for_user(membership: Membership, version_id: int) -> ConsensusVersion:
    """One version with every part loaded. Missing, another authority's, or not visible: DoesNotExist (404)."""
    return _with_parts(_visible_to(membership)).get(pk=version_id)


def consensus_version_list_awaiting_sign_off(membership: Membership) -> QuerySet:
    """Versions in review that ``membership`` could sign off now ("my queue")."""
    kinds = [kind for kind, action in permissions.SIGN_OFF_ACTIONS.items() if permissions.can(membership, action)]
    if not kinds:
        return ConsensusVersion.objects.filter(authority_id=membership.authority_id).none()
    lacking = reduce(or_, [~Exists(SignOff.objects.filter(version=OuterRef("pk"), kind=kind)) for kind in kinds])
    signed_by_me = Exists(SignOff.objects.filter(version=OuterRef("pk"), signed_by_id=membership.user_id))
    return consensus_version_list_visible_to(membership).filter(lacking, status=VersionStatus.IN_REVIEW).exclude(
        signed_by_me)


def consensus_version_compare(old: ConsensusVersion | None, new: ConsensusVersion) -> VersionComparison:
    """What ``new`` adds, removes and changes compared with ``old`` (None: everything is added). For a draft,
    compare with ``draft.based_on``, the version it was copied from (the one in force)."""
    if old is not None and old.authority_id != new.authority_id:
        raise ValueError("Only versions of the same authority can be compared")
    return compare_versions(old, new)


def consensus_responsible_for(version: ConsensusVersion, *, stage: str, subject_group: str,
                              pathway_code: str | None = None) -> Responsibility | None:
    """Who is accountable for ``stage`` for this subject group: the row for the chosen pathway if the agreement
    has one, else the general row."""
    rows = (Responsibility.objects.filter(version=version, stage=stage, subject_group=subject_group)
            .filter(Q(pathway__isnull=True) | Q(pathway__code=pathway_code or "")).select_related("team", "pathway"))
    by_pathway = {row.pathway.code if row.pathway_id else None: row for row in rows}
    return by_pathway.get(pathway_code) or by_pathway.get(None)


def consensus_responsibility_table(version: ConsensusVersion) -> list[dict]:
    """The responsibilities in process order, one row per stage: ``{"stage", "child", "adult", "by_pathway"}``
    (the general row for each subject group, and the rows that apply only to a pathway). Uses the prefetched
    ``version.responsibilities`` of ``consensus_current_for`` / ``consensus_version_get_for_user``: no queries."""
    rows = list(version.responsibilities.all())
    return [{"stage": stage,
             **{group.value: next((row for row in rows if row.stage == stage and row.subject_group == group
                                   and row.pathway_id is None), None) for group in SubjectGroup},
             "by_pathway": [row for row in rows if row.stage == stage and row.pathway_id is not None]}
            for stage in Stage]


def consensus_decision_due_at(version: ConsensusVersion, submitted_at: datetime) -> datetime:
    """When a decision on a referral submitted at ``submitted_at`` is due under ``version``'s timescales."""
    return add_working_days(submitted_at, version.timescales.decision_working_days)
