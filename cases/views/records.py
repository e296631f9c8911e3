"""The casework records of a case: the section of the case page that lists them (``records_context`` and
templates/cases/_records.html), court applications, challenges and case notes, and the helpers every record page
shares (finding the case, who may record, calling the one service and showing its refusal).

Assessments, interventions and the chronology have their own modules beside this one."""

from functools import wraps

from django.contrib import messages
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from accounts.roles import Capability
from cases import permissions
from cases.forms.records import (
    ChallengeForm,
    ChallengeResponseForm,
    LegalActionForm,
    LegalDecisionForm,
    NoteForm,
    note_initial,
)
from cases.lapsing import lapse_weeks_in_force, with_lapsed
from cases.models import (
    WORK_ON_CASE,
    Assessment,
    Case,
    CaseNote,
    CaseStatus,
    Challenge,
    ChallengeOutcome,
    Intervention,
    LegalAction,
    LegalOutcome,
)
from cases.selectors import case_get_for_user
from cases.services import (
    challenge_record,
    challenge_respond,
    legal_action_decide,
    legal_action_record,
    note_add,
)
from cases.services._common import today
from consensus.models import Timescales
from core.access import member_required
from core.exceptions import DomainError, InvalidTransition, PermissionDenied
from core.forms import apply_domain_error, posted

A = permissions.CaseAction
CLOSED = "This case is closed, so nothing more can be recorded on it."
LATEST_NOTES = 5

# --- What every record page shares ---------------------------------------------------------------------------


def with_case(view):
    """Decorate a view taking ``case_id``: pass it the case instead. Missing, another authority's or not visible
    to this person (also when the service finds access lost meanwhile): 404. A service's PermissionDenied: 403."""

    @wraps(view)
    def wrapped(request, case_id, *args, **kwargs):
        try:
            case = case_get_for_user(request.membership, case_id)
            return view(request, case, *args, **kwargs)
        except Case.DoesNotExist:
            raise Http404 from None
        except PermissionDenied:
            return render(request, "403.html", status=403)

    return wrapped


def record_view(view):
    """The decorators of every record page: GET and POST, a role that records casework, the case visible."""
    return require_http_methods(["GET", "POST"])(member_required(Capability.RECORD_CASEWORK)(with_case(view)))


def works_on(membership, case: Case) -> bool:
    """Whether this person records casework on ``case`` when it is not closed (a lead, or its lead worker)."""
    return membership.can(Capability.RECORD_CASEWORK) and (
        membership.can(Capability.SEE_ALL_CASES) or WORK_ON_CASE in permissions.case_codenames_for(membership, case))


def refuse(request, case: Case):
    """None when this person may record on ``case`` now. Someone who never may: the 403 page. The case's lead
    worker or a lead on a closed case: a GET goes back to the case page saying why; a POST goes on, and
    ``submit`` answers it with the conflict (409)."""
    if permissions.can(request.membership, A.RECORD, case):
        return None
    if not (case.is_closed and works_on(request.membership, case)):
        return render(request, "403.html", status=403)
    if request.method == "POST":
        return None
    messages.info(request, CLOSED)
    return redirect("cases:detail", case.pk)


def submit(request, form, call, *, case: Case, closed_ok: bool = False):
    """On a valid POST, call the service with the form's data: ``(result, "")`` when it succeeds. A refusal about
    the fields goes next to them on the form (``(None, "")``); a case or record no longer in a state that allows
    it comes back as the words for the page's banner (``(None, message)``). PermissionDenied goes up (403)."""
    if request.method != "POST" or not form.is_valid():
        return None, ""
    if case.is_closed and not closed_ok:
        return None, CLOSED
    try:
        return call(form.service_data()), ""
    except PermissionDenied:
        raise
    except InvalidTransition as error:
        return None, error.message
    except DomainError as error:
        apply_domain_error(form, error)
        return None, ""


def render_form(request, template: str, context: dict, *, forms=(), conflict: str = ""):
    """A record page: 409 with a banner when the record could not change, 400 when a form has errors."""
    status = 409 if conflict else 400 if any(form is not None and form.errors for form in forms) else 200
    return render(request, template, {**context, "conflict": conflict}, status=status)


# --- The case page's section -------------------------------------------------------------------------------


def lapse_weeks_for(authority_id: int) -> int:
    """The agreement in force's weeks without a session after which an intervention has lapsed."""
    weeks = lapse_weeks_in_force(authority_id)  # None with no agreement published: the usual default
    return weeks if weeks is not None else Timescales._meta.get_field("intervention_lapse_weeks").default


def _latest_correction():
    return Subquery(CaseNote.objects.filter(corrects=OuterRef("pk")).order_by("-written_at", "-pk").values("pk")[:1])


def case_notes(case: Case):
    """The notes of ``case``, newest first, each with the note it corrects and its latest correction's id."""
    return (CaseNote.objects.filter(case=case).select_related("written_by", "corrects")
            .annotate(corrected_by_id=_latest_correction()).order_by("-occurred_on", "-written_at", "-pk"))


def mark_correctable(notes, request, *, can_record: bool) -> list:
    """Whether each note offers "Correct this note": not already corrected, and this person records on the case
    or wrote the note (its author may correct it while they can see the case, even once it is closed)."""
    notes = list(notes)
    for note in notes:
        note.can_correct = not note.corrected_by_id and (can_record or note.written_by_id == request.user.pk)
    return notes


def records_context(request, case: Case) -> dict:
    """What templates/cases/_records.html shows about ``case``, under ``records``, in a fixed number of queries
    (eight, whatever the number of records): assessments, interventions with the lapsed flag, court applications,
    challenges, the latest notes and how many there are."""
    can_record = permissions.can(request.membership, A.RECORD, case)
    lapse_weeks = lapse_weeks_for(case.authority_id)
    assessments = list(Assessment.objects.filter(case=case).select_related("assessed_by")
                       .order_by("-assessed_on", "-pk"))
    interventions = list(with_lapsed(Intervention.objects.filter(case=case), lapse_weeks, today())
                         .order_by("start_on", "pk"))
    notes = mark_correctable(case_notes(case)[:LATEST_NOTES], request, can_record=can_record)
    return {"records": {
        "can_record": can_record,
        "can_add_intervention": can_record and case.status != CaseStatus.OPEN,
        "assessments": assessments,
        "latest_assessment": assessments[0] if assessments else None,
        "interventions": interventions,
        "lapse_weeks": lapse_weeks,
        "legal_actions": list(LegalAction.objects.filter(case=case).order_by("-applied_on", "-pk")),
        "challenges": list(Challenge.objects.filter(case=case).select_related("intervention")
                           .order_by("-raised_on", "-pk")),
        "notes": notes,
        "note_count": CaseNote.objects.filter(case=case).count(),
    }}


# --- Court applications ---------------------------------------------------------------------------------------


@record_view
def legal_new(request, case):
    if (refused := refuse(request, case)) is not None:
        return refused
    form = LegalActionForm(posted(request), initial={"applied_on": today()})
    legal, conflict = submit(request, form, lambda data: legal_action_record(
        case=case, actor_membership=request.membership, **data), case=case)
    if legal is not None:
        messages.success(request, f"{legal.get_kind_display()} application recorded")
        return redirect("cases:legal", case.pk, legal.pk)
    return render_form(request, "cases/legal_form.html", {"case": case, "form": form}, forms=[form],
                       conflict=conflict)


@record_view
def legal_detail(request, case, legal_id):
    """A court application; while the court has not decided, the form to record its decision."""
    legal = get_object_or_404(LegalAction.objects.select_related("recorded_by"), pk=legal_id, case=case)
    can_record = permissions.can(request.membership, A.RECORD, case)
    pending = legal.outcome == LegalOutcome.PENDING
    form = LegalDecisionForm(posted(request), initial={"decided_on": today()}) if pending and can_record \
        else None
    if request.method == "POST":
        if (refused := refuse(request, case)) is not None:
            return refused
        form = form or LegalDecisionForm(request.POST)
        decided, conflict = submit(request, form, lambda data: legal_action_decide(
            legal_action=legal, actor_membership=request.membership, **data), case=case)
        if decided is not None:
            messages.success(request, f"Court decision recorded: {decided.get_outcome_display().lower()}")
            return redirect("cases:legal", case.pk, legal.pk)
        return render_form(request, "cases/legal_detail.html",
                           {"case": case, "legal": legal, "form": None if conflict else form}, forms=[form],
                           conflict=conflict)
    return render_form(request, "cases/legal_detail.html", {"case": case, "legal": legal, "form": form})


# --- Challenges ------------------------------------------------------------------------------------------------


@record_view
def challenge_new(request, case):
    if (refused := refuse(request, case)) is not None:
        return refused
    interventions = Intervention.objects.filter(case=case).order_by("start_on", "pk")
    form = ChallengeForm(posted(request), interventions=interventions,
                         initial={"intervention": request.GET.get("intervention", ""), "raised_on": today()})
    challenge, conflict = submit(request, form, lambda data: challenge_record(
        case=case, actor_membership=request.membership, **data), case=case)
    if challenge is not None:
        messages.success(request, "Challenge recorded")
        return redirect("cases:challenge", case.pk, challenge.pk)
    return render_form(request, "cases/challenge_form.html", {"case": case, "form": form}, forms=[form],
                       conflict=conflict)


@record_view
def challenge_detail(request, case, challenge_id):
    """A challenge; while it is not settled, the form to record the response and its outcome."""
    challenge = get_object_or_404(Challenge.objects.select_related("recorded_by", "intervention"),
                                  pk=challenge_id, case=case)
    can_record = permissions.can(request.membership, A.RECORD, case)
    answerable = challenge.outcome == ChallengeOutcome.OPEN
    initial = {"responded_on": today(), "response": challenge.response}
    form = ChallengeResponseForm(posted(request), initial=initial) if answerable and can_record else None
    if request.method == "POST":
        if (refused := refuse(request, case)) is not None:
            return refused
        form = form or ChallengeResponseForm(request.POST)
        answered, conflict = submit(request, form, lambda data: challenge_respond(
            challenge=challenge, actor_membership=request.membership, **data), case=case)
        if answered is not None:
            messages.success(request, "Response recorded")
            return redirect("cases:challenge", case.pk, challenge.pk)
        return render_form(request, "cases/challenge_detail.html",
                           {"case": case, "challenge": challenge, "form": None if conflict else form},
                           forms=[form], conflict=conflict)
    return render_form(request, "cases/challenge_detail.html", {"case": case, "challenge": challenge, "form": form})


# --- Case notes ------------------------------------------------------------------------------------------------


def _note_refused(request, case: Case, corrects: CaseNote | None):
    """A correction is allowed to the note's author while they can see the case, even once it is closed."""
    if corrects is not None and corrects.written_by_id == request.user.pk:
        return None
    return refuse(request, case)


@record_view
def note_new(request, case):
    """Add a note, or (``?corrects=<note id>``) write the correction of a note: a new note pointing at the old
    one, which stays on record marked as corrected."""
    corrects_id = request.POST.get("corrects") or request.GET.get("corrects")
    corrects = None
    if corrects_id:
        if not str(corrects_id).isdigit():
            raise Http404
        corrects = get_object_or_404(CaseNote.objects.select_related("written_by"), pk=corrects_id, case=case)
    if (refused := _note_refused(request, case, corrects)) is not None:
        return refused
    form = NoteForm(posted(request), initial=note_initial(corrects, today=today()))
    note, conflict = submit(request, form, lambda data: note_add(
        case=case, actor_membership=request.membership, **data), case=case, closed_ok=corrects is not None)
    if note is not None:
        messages.success(request, "Correction saved. The original note is kept, marked as corrected."
                         if corrects else "Note added")
        return redirect(reverse("cases:notes", args=[case.pk]) + f"#note-{note.pk}")
    return render_form(request, "cases/note_form.html", {"case": case, "form": form, "corrects": corrects},
                       forms=[form], conflict=conflict)


@require_GET
@member_required(Capability.RECORD_CASEWORK)
@with_case
def note_list(request, case):
    """Every note of the case, newest first; a corrected note stays, marked, with a link to its correction."""
    can_record = permissions.can(request.membership, A.RECORD, case)
    notes = mark_correctable(case_notes(case), request, can_record=can_record)
    return render(request, "cases/note_list.html", {"case": case, "notes": notes, "can_record": can_record})
