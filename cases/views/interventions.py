"""Interventions: adding one to the support plan, its page (details, sessions, recording a session), changing its
details and ending it with an outcome. An active intervention with no session for the agreement's number of
weeks is shown as lapsed."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.dateformat import format as date_format

from cases import permissions
from cases.forms.records import InterventionChangeForm, InterventionEndForm, InterventionForm, SessionForm
from cases.lapsing import intervention_is_lapsed
from cases.models import CaseStatus, Intervention, InterventionSession, InterventionStatus
from cases.services import intervention_add, intervention_end, intervention_record_session, intervention_update
from cases.services._common import today
from cases.views.records import lapse_weeks_for, record_view, refuse, render_form, submit
from core.forms import posted

A = permissions.CaseAction


def _intervention(case, intervention_id) -> Intervention:
    return get_object_or_404(Intervention.objects.select_related("created_by"), pk=intervention_id, case=case)


def _ended(request, case, intervention: Intervention, doing: str):
    """An ended intervention cannot change: a GET goes back to its page saying so; a POST goes on to the service,
    whose refusal is the page's conflict banner (409)."""
    if intervention.status != InterventionStatus.ENDED or request.method == "POST":
        return None
    messages.info(request, f"This intervention has ended, so {doing}.")
    return redirect("cases:intervention", case.pk, intervention.pk)


def _back(case, intervention: Intervention) -> dict:
    return {"back_href": reverse("cases:intervention", args=[case.pk, intervention.pk]),
            "back_label": "Back to the intervention"}


@record_view
def intervention_new(request, case):
    """Add an intervention. A case that has not been assessed yet cannot have one: the page says so."""
    if (refused := refuse(request, case)) is not None:
        return refused
    form = InterventionForm(posted(request), initial={"delivered_sessions": 0})
    intervention, conflict = submit(request, form, lambda data: intervention_add(
        case=case, actor_membership=request.membership, **data), case=case)
    if intervention is not None:
        messages.success(request, f"Intervention added: {intervention}")
        return redirect("cases:intervention", case.pk, intervention.pk)
    return render_form(request, "cases/intervention_form.html", {
        "case": case, "form": form, "not_assessed": case.status == CaseStatus.OPEN,
    }, forms=[form], conflict=conflict)


@record_view
def intervention_detail(request, case, intervention_id):
    """The intervention, its sessions and (POST) recording a session."""
    intervention = _intervention(case, intervention_id)
    can_record = permissions.can(request.membership, A.RECORD, case)
    is_open = intervention.status != InterventionStatus.ENDED
    form = SessionForm(posted(request), initial={"held_on": today()}) if can_record and is_open else None
    conflict = ""
    if request.method == "POST":
        if (refused := refuse(request, case)) is not None:
            return refused
        form = form or SessionForm(request.POST)
        session, conflict = submit(request, form, lambda data: intervention_record_session(
            intervention=intervention, actor_membership=request.membership, **data), case=case)
        if session is not None:
            attended = "" if session.attended else " (they did not attend)"
            messages.success(request, f"Session on {date_format(session.held_on, 'j F Y')} recorded{attended}")
            return redirect("cases:intervention", case.pk, intervention.pk)
    lapse_weeks = lapse_weeks_for(case.authority_id)
    return render_form(request, "cases/intervention_detail.html", {
        "case": case, "intervention": intervention, "can_record": can_record and is_open,
        "sessions": InterventionSession.objects.filter(intervention=intervention).select_related("recorded_by")
        .order_by("-held_on", "-pk"),
        "lapsed": intervention_is_lapsed(intervention, lapse_weeks=lapse_weeks, today=today()),
        "lapse_weeks": lapse_weeks, "form": None if conflict else form,
    }, forms=[form], conflict=conflict)


@record_view
def intervention_change(request, case, intervention_id):
    intervention = _intervention(case, intervention_id)
    if (refused := refuse(request, case) or _ended(request, case, intervention, "it cannot be changed")) is not None:
        return refused
    form = InterventionChangeForm(posted(request), initial=InterventionChangeForm.initial_from(intervention))
    changed, conflict = submit(request, form, lambda data: intervention_update(
        intervention=intervention, actor_membership=request.membership, data=data), case=case)
    if changed is not None:
        messages.success(request, "Intervention details saved")
        return redirect("cases:intervention", case.pk, intervention.pk)
    return render_form(request, "cases/intervention_change.html",
                       {"case": case, "intervention": intervention, "form": form, **_back(case, intervention)},
                       forms=[form], conflict=conflict)


@record_view
def intervention_end_page(request, case, intervention_id):
    intervention = _intervention(case, intervention_id)
    if (refused := refuse(request, case) or _ended(request, case, intervention, "its outcome is already recorded")) \
            is not None:
        return refused
    form = InterventionEndForm(posted(request), initial={"end_on": today()})
    ended, conflict = submit(request, form, lambda data: intervention_end(
        intervention=intervention, actor_membership=request.membership, **data), case=case)
    if ended is not None:
        messages.success(request, f"Intervention ended. Outcome: {ended.get_outcome_display().lower()}")
        return redirect("cases:intervention", case.pk, intervention.pk)
    return render_form(request, "cases/intervention_end.html",
                       {"case": case, "intervention": intervention, "form": form, **_back(case, intervention)},
                       forms=[form], conflict=conflict)
