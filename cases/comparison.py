"""An assessment factor by factor against the previous assessment of the same case.

Factors are matched by their code, which is copied onto every rating, so two assessments made under different
versions of the agreement still compare: a factor only the later one rates is "new", one only the earlier one
rated is "no longer assessed". Reads only (two queries), no writes.
"""

from dataclasses import dataclass

from django.db.models import Q

from cases.models import Assessment, AssessmentRating

HIGHER, LOWER, SAME, NEW, DROPPED = "higher", "lower", "same", "new", "no longer assessed"
CHANGES = (HIGHER, LOWER, SAME, NEW, DROPPED)


@dataclass(frozen=True)
class FactorChange:
    code: str
    label: str  # the factor's label in the later assessment's agreement (the earlier one's, when dropped)
    dimension: str  # the label of the factor's dimension, as for ``label``
    previous_score: int | None
    previous_label: str  # the label of the previous rating on its own scale ("Moderate"), blank when new
    current_score: int | None
    current_label: str  # blank when no longer assessed
    change: str  # one of CHANGES


def previous_assessment(assessment: Assessment) -> Assessment | None:
    """The assessment of the same case just before this one (by date, then by when it was recorded)."""
    return (Assessment.objects.filter(case_id=assessment.case_id)
            .filter(Q(assessed_on__lt=assessment.assessed_on) | Q(assessed_on=assessment.assessed_on,
                                                                  pk__lt=assessment.pk))
            .order_by("-assessed_on", "-pk").first())


def _change(previous: int | None, current: int | None) -> str:
    if previous is None:
        return NEW
    if current is None:
        return DROPPED
    return HIGHER if current > previous else LOWER if current < previous else SAME


def assessment_comparison(assessment: Assessment) -> list[FactorChange]:
    """Every factor of ``assessment`` and of the assessment before it, in the framework's order (the later
    assessment's factors, then those no longer assessed). Empty when there is no earlier assessment."""
    previous = previous_assessment(assessment)
    if previous is None:
        return []
    ratings = (AssessmentRating.objects.filter(assessment_id__in=(previous.pk, assessment.pk))
               .select_related("factor", "factor__dimension", "rating_level")
               .order_by("factor__dimension__position", "factor__position", "pk"))
    before, now = {}, {}
    for rating in ratings:
        (now if rating.assessment_id == assessment.pk else before)[rating.factor_code] = rating
    rows = []
    for code in [*now, *(code for code in before if code not in now)]:
        old, new = before.get(code), now.get(code)
        shown = new or old
        rows.append(FactorChange(
            code=code, label=shown.factor.label, dimension=shown.factor.dimension.label,
            previous_score=old.score if old else None, previous_label=old.rating_level.label if old else "",
            current_score=new.score if new else None, current_label=new.rating_level.label if new else "",
            change=_change(old.score if old else None, new.score if new else None)))
    return rows
