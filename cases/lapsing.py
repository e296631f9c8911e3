"""When an intervention has lapsed: active, with no session recorded (or, before the first session, no start)
for more than the agreement's ``intervention_lapse_weeks``. Exactly that many weeks is not lapsed yet; one day
more is. The one rule, for a single intervention, a queryset annotation and a filter; pages, the API, the
caseload and the dashboard all use it."""

from datetime import date, timedelta

from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce

from cases.models import Intervention, InterventionStatus
from consensus.models import Timescales, VersionStatus


def lapse_weeks_in_force(authority_id: int) -> int | None:
    """The weeks of the authority's agreement in force (None when it has no published agreement)."""
    return (Timescales.objects.filter(authority_id=authority_id, version__status=VersionStatus.PUBLISHED)
            .values_list("intervention_lapse_weeks", flat=True).first())


def lapse_cutoff(lapse_weeks: int, today: date) -> date:
    """An active intervention whose last session (or start) is before this date has lapsed."""
    return today - timedelta(weeks=lapse_weeks)


def intervention_is_lapsed(intervention: Intervention, *, lapse_weeks: int | None, today: date) -> bool:
    if lapse_weeks is None or intervention.status != InterventionStatus.ACTIVE:
        return False
    return (intervention.last_session_on or intervention.start_on) < lapse_cutoff(lapse_weeks, today)


def lapsed_q(lapse_weeks: int | None, today: date, prefix: str = "") -> Q:
    """A filter for lapsed interventions (``prefix`` reaches them from another model, e.g. "interventions__")."""
    if lapse_weeks is None:
        return Q(pk__in=[])
    cutoff = lapse_cutoff(lapse_weeks, today)
    return Q(**{f"{prefix}status": InterventionStatus.ACTIVE}) & (
        Q(**{f"{prefix}last_session_on__lt": cutoff})
        | Q(**{f"{prefix}last_session_on__isnull": True, f"{prefix}start_on__lt": cutoff}))


def with_lapsed(queryset: models.QuerySet, lapse_weeks: int | None, today: date) -> models.QuerySet:
    """Interventions annotated with ``lapsed`` (the same rule as ``intervention_is_lapsed``)."""
    if lapse_weeks is None:
        return queryset.annotate(lapsed=models.Value(False, output_field=models.BooleanField()))
    return queryset.alias(last_or_start=Coalesce("last_session_on", "start_on")).annotate(lapsed=models.Case(
        models.When(status=InterventionStatus.ACTIVE, last_or_start__lt=lapse_cutoff(lapse_weeks, today),
                    then=models.Value(True)),
        default=models.Value(False), output_field=models.BooleanField()))
