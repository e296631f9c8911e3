"""The duplicate and repeat-referral check run at submission: store the subject's blocking keys, shortlist the
authority's earlier subjects that share a key, score them with the matching engine, keep what it finds.

The shortlist is capped (``CANDIDATE_LIMIT``, most shared keys first) so that a very common name in a large
authority cannot make a submission slow; the engine's keys are designed so that a true duplicate shares several.
"""

from django.db.models import Count

from referrals.matching import BLOCKING_KEYS_VERSION, blocking_keys, find_matches
from referrals.models import DuplicateMatch, Referral, Subject, SubjectMatchKey

CANDIDATE_LIMIT = 500


def subject_match_keys_replace(*, subject: Subject) -> set[str]:
    """Replace ``subject``'s stored blocking keys with ones computed from its current names and date of birth."""
    keys = blocking_keys(subject.as_person_record())
    SubjectMatchKey.objects.filter(subject=subject).delete()
    SubjectMatchKey.objects.bulk_create([
        SubjectMatchKey(authority_id=subject.authority_id, subject=subject, key=key,
                        keys_version=BLOCKING_KEYS_VERSION) for key in sorted(keys)])
    return keys


def duplicate_check_run(*, referral: Referral) -> list[DuplicateMatch]:
    """Find earlier subjects who are probably the same person as (or family of) ``referral.subject``."""
    subject = referral.subject
    keys = subject_match_keys_replace(subject=subject)
    if not keys:
        return []
    shortlist = (SubjectMatchKey.objects.filter(authority_id=subject.authority_id, key__in=keys)
                 .exclude(subject_id=subject.pk).values("subject_id").annotate(shared=Count("id"))
                 .order_by("-shared", "-subject_id").values_list("subject_id", flat=True)[:CANDIDATE_LIMIT])
    candidates = Subject.objects.filter(authority_id=subject.authority_id, pk__in=list(shortlist))
    matches = find_matches(subject.as_person_record(), [candidate.as_person_record() for candidate in candidates])
    return DuplicateMatch.objects.bulk_create([
        DuplicateMatch(authority_id=referral.authority_id, referral=referral, matched_subject_id=match.record.ref,
                       score=match.result.score, reasons=list(match.result.reasons),
                       likely_same_person=match.likely_same_person, related=match.result.related)
        for match in matches])
