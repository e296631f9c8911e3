"""Recording an assessment against the agreement in force's framework, and an assessment's page with the
factor-by-factor comparison with the assessment before it."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_GET

from accounts.roles import Capability
from cases import permissions
from cases.comparison import assessment_comparison, previous_assessment
from cases.forms.records import AssessmentForm
from cases.models import Assessment, AssessmentRating
from cases.services import assessment_record
from cases.services._common import today
from cases.views.records import record_view, refuse, render_form, submit, with_case
from consensus.selectors import consensus_current_for
from core.access import member_required
from core.forms import posted

A = permissions.CaseAction


@record_view
def assessment_new(request, case):
    if (refused := refuse(request, case)) is not None:
        return refused
    version = consensus_current_for(case.authority_id)
    form = AssessmentForm(posted(request), version=version, initial={"assessed_on": today()})
    assessment, conflict = submit(request, form, lambda data: assessment_record(
        case=case, actor_membership=request.membership, **data), case=case)
    if assessment is not None:
        messages.success(request, f"Assessment recorded. Overall risk: {assessment.get_overall_risk_display()}")
        return redirect("cases:assessment", case.pk, assessment.pk)
    return render_form(request, "cases/assessment_form.html", {"case": case, "form": form, "version": version},
                       forms=[form], conflict=conflict)


@require_GET
@member_required(Capability.RECORD_CASEWORK)
@with_case
def assessment_detail(request, case, assessment_id):
    assessment = get_object_or_404(Assessment.objects.select_related("assessed_by", "consensus_version"),
                                   pk=assessment_id, case=case)
    ratings = list(AssessmentRating.objects.filter(assessment=assessment)
                   .select_related("factor__dimension", "rating_level")
                   .order_by("factor__dimension__position", "factor__position", "pk"))
    changes = assessment_comparison(assessment)
    return render_form(request, "cases/assessment_detail.html", {
        "case": case, "assessment": assessment, "ratings": ratings, "changes": changes,
        "previous": previous_assessment(assessment) if changes else None,
        "can_record": permissions.can(request.membership, A.RECORD, case),
    })
