"""Reads of the evidence base that the pages and the API share: learning notes a person may see (their authority's,
and the published notes of the other sharing authorities), searched, and the engagement log.

Other authorities' notes are read across authorities on purpose, with scopes lifted and the authorities named, and
only when the viewer's authority shares too. Lists are read in full inside that block (a related lookup made later,
in the viewer's scope, would not find another authority's rows)."""

import operator
from dataclasses import dataclass
from functools import reduce

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q, QuerySet

from accounts.models import Membership
from cases.models import CaseStatus
from cases.permissions import case_visible_to
from core.tenancy import scopes_disabled
from evidence import permissions
from evidence.models import CommunityEngagement, LearningNote, LearningNoteIntervention, NoteStatus
from evidence.services import opted_in_authority_ids

A = permissions.EvidenceAction
NOTES_PER_PAGE = 20
SEARCH_WORDS_MAX = 8
TEXT_FIELDS = ("title", "what_was_tried", "what_worked", "what_did_not")


@dataclass(frozen=True)
class NoteSearch:
    words: str = ""
    kind: str = ""
    concern: str = ""


def _shared_published(membership: Membership) -> Q:
    """Published notes of the other sharing authorities, when the viewer's authority shares (else nothing)."""
    sharing = opted_in_authority_ids()
    others = [pk for pk in sharing if pk != membership.authority_id]
    if membership.authority_id not in sharing or not others:
        return Q(pk__in=[])
    return Q(authority_id__in=others, status=NoteStatus.PUBLISHED)


def _readable(membership: Membership) -> QuerySet:
    """Call inside ``scopes_disabled``: every note ``membership`` may read, of any authority."""
    if not permissions.role_can(membership, A.READ_NOTES):
        return LearningNote.objects.none()
    own = Q(authority_id=membership.authority_id)
    if not permissions.role_can(membership, A.WRITE_NOTE):
        own &= Q(status=NoteStatus.PUBLISHED)
    return LearningNote.objects.filter(own | _shared_published(membership))


def _with_details(notes: QuerySet) -> QuerySet:
    kinds = Prefetch("intervention_types", queryset=LearningNoteIntervention.objects.order_by("kind"))
    return notes.select_related("authority", "written_by", "reviewed_by").prefetch_related(kinds)


def _search(notes: QuerySet, search: NoteSearch) -> QuerySet:
    for word in search.words.split()[:SEARCH_WORDS_MAX]:
        notes = notes.filter(reduce(operator.or_, (Q(**{f"{field}__icontains": word}) for field in TEXT_FIELDS)))
    if search.kind:
        notes = notes.filter(intervention_types__kind=search.kind)
    if search.concern:
        notes = notes.filter(concern_category=search.concern)
    return notes.distinct()


def published_notes_page(membership: Membership, search: NoteSearch, page_number) -> Page:
    """One page of the published notes ``membership`` may read, newest first, matching ``search`` (every word
    somewhere in the note; the intervention type and concern when chosen)."""
    with scopes_disabled():
        notes = _search(_readable(membership).filter(status=NoteStatus.PUBLISHED), search)
        page = Paginator(_with_details(notes).order_by("-published_at", "-pk"), NOTES_PER_PAGE).get_page(page_number)
        page.object_list = list(page.object_list)
    return page


def notes_in_progress(membership: Membership) -> dict[str, list[LearningNote]]:
    """For leads and managers: notes waiting for them to check (written by someone else), and their own drafts
    and returned notes. Their authority's only, in its scope."""
    if not permissions.role_can(membership, A.WRITE_NOTE):
        return {"to_check": [], "mine": []}
    notes = _with_details(permissions.notes_of_authority_visible_to(membership))
    to_check = []
    if permissions.role_can(membership, A.REVIEW_NOTE):
        to_check = list(notes.filter(status=NoteStatus.SUBMITTED).exclude(written_by_id=membership.user_id)
                        .order_by("submitted_at", "pk"))
    mine = list(notes.filter(written_by_id=membership.user_id,
                             status__in=[NoteStatus.DRAFT, NoteStatus.RETURNED, NoteStatus.SUBMITTED])
                .order_by("-updated_at", "-pk"))
    return {"to_check": to_check, "mine": mine}


def note_get_for_user(membership: Membership, note_id: int) -> LearningNote:
    """One note ``membership`` may read (DoesNotExist otherwise, a 404), with ``is_own`` set: whether it is their
    authority's (which decides what the page may show about where it came from)."""
    with scopes_disabled():
        note = _with_details(_readable(membership)).get(pk=note_id)
        note.kinds = list(note.intervention_types.all())
    note.is_own = note.authority_id == membership.authority_id
    return note


def closed_cases_for_notes(membership: Membership) -> QuerySet:
    """The closed cases ``membership`` can see, newest closure first, for choosing what a note is about."""
    return case_visible_to(membership).filter(status=CaseStatus.CLOSED).order_by("-closed_at", "-pk")


def engagement_list(membership: Membership) -> QuerySet:
    return CommunityEngagement.objects.filter(authority_id=membership.authority_id).select_related("recorded_by")


def engagement_get_for_user(membership: Membership, engagement_id: int) -> CommunityEngagement:
    return engagement_list(membership).get(pk=engagement_id)
