"""Learning notes: the list with its search box, writing and changing a note, sending it for approval, the second
lead's check (approve or return), and withdrawing a published note.

Each view finds the note through the selector (another authority's unpublished note, or any note of an authority
that does not share, is a 404), checks the role, calls one service and redirects with a success banner. A
service's field errors go next to the fields (400, nothing saved); a note whose status no longer allows the action
shows its page with what happened (409)."""

from functools import wraps

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.exceptions import DomainError, FieldErrors, InvalidTransition, PermissionDenied
from core.forms import apply_domain_error, error_messages
from evidence import permissions, selectors
from evidence.forms import NoteForm, NoteSearchForm, ReasonForm
from evidence.models import LearningNote
from evidence.services import (
    learning_note_approve,
    learning_note_create,
    learning_note_return,
    learning_note_submit,
    learning_note_update,
    learning_note_withdraw,
)
from evidence.views._common import allowed, posted, status_for

A = permissions.EvidenceAction


def with_note(view):
    """Pass the view the note instead of its id; a note this person may not read is a 404."""

    @wraps(view)
    def wrapped(request, note_id, *args, **kwargs):
        try:
            note = selectors.note_get_for_user(request.membership, note_id)
        except LearningNote.DoesNotExist:
            raise Http404 from None
        return view(request, note, *args, **kwargs)

    return wrapped


def _detail(request, note, *, problems=(), status=200):
    actions = permissions.note_actions(request.membership, note) if note.is_own else []
    return render(request, "evidence/note_detail.html", {
        "note": note, "actions": actions, "problems": problems, "section": "notes",
        "can_open_case": note.is_own and permissions.role_can(request.membership, A.WRITE_NOTE)}, status=status)


def _not_now(request, note, action: A):
    """The note's page with why ``action`` cannot be taken on it now (None when it can)."""
    if note.is_own and action in permissions.note_actions(request.membership, note):
        return None
    if note.is_own and action == A.REVIEW_NOTE and note.written_by_id == request.membership.user_id:
        return _detail(request, note, status=403, problems=[
            "You wrote this note, so another safeguarding lead or manager must check it."])
    if not note.is_own:
        raise Http404
    if action == A.EDIT_NOTE and note.written_by_id != request.membership.user_id:
        return _detail(request, note, status=403, problems=[f"Only {note.written_by} can change this note."])
    return _detail(request, note, status=409, problems=[
        f"This note is {note.get_status_display().lower()}, so you cannot do that now."])


def _refused(request, note, error: DomainError):
    """The note's page as it is now, with why the action was refused (409 for its status, 403 for the person,
    400 for what the note says)."""
    note = selectors.note_get_for_user(request.membership, note.pk)
    status = 409 if isinstance(error, InvalidTransition) else 403 if isinstance(error, PermissionDenied) else 400
    return _detail(request, note, problems=error_messages(error), status=status)


@require_GET
@allowed(A.READ_NOTES)
def note_list(request):
    form = NoteSearchForm(request.GET or None)
    search = selectors.NoteSearch(**form.cleaned_data) if form.is_valid() else selectors.NoteSearch()
    return render(request, "evidence/note_list.html", {
        "form": form, "search": search, "section": "notes",
        "page": selectors.published_notes_page(request.membership, search, request.GET.get("page")),
        "in_progress": selectors.notes_in_progress(request.membership),
        "can_write": permissions.role_can(request.membership, A.WRITE_NOTE)})


@require_http_methods(["GET", "POST"])
@allowed(A.WRITE_NOTE)
def note_new(request):
    cases = list(selectors.closed_cases_for_notes(request.membership)[:200])
    form = NoteForm(posted(request), cases=cases)
    if request.method == "POST" and form.is_valid():
        try:
            note = learning_note_create(actor_membership=request.membership, case_id=form.case_id(),
                                        data=form.service_data())
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, "Your draft has been saved. Send it for approval when it is ready.")
            return redirect("evidence:note", note.pk)
    return render(request, "evidence/note_form.html", {"form": form, "cases": cases, "section": "notes"},
                  status=status_for(form))


@require_GET
@allowed(A.READ_NOTES)
@with_note
def note_detail(request, note):
    return _detail(request, note)


@require_http_methods(["GET", "POST"])
@allowed(A.WRITE_NOTE)
@with_note
def note_edit(request, note):
    if (response := _not_now(request, note, A.EDIT_NOTE)) is not None:
        return response
    initial = {field: getattr(note, field) for field in ("title", "what_was_tried", "what_worked", "what_did_not",
                                                          "concern_category")}
    initial["intervention_types"] = [item.kind for item in note.kinds]
    form = NoteForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            learning_note_update(note=note, actor_membership=request.membership, data=form.service_data())
        except InvalidTransition as error:
            return _refused(request, note, error)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, "Your changes have been saved.")
            return redirect("evidence:note", note.pk)
    return render(request, "evidence/note_form.html", {"form": form, "note": note, "section": "notes"},
                  status=status_for(form))


@require_POST
@allowed(A.WRITE_NOTE)
@with_note
def note_submit(request, note):
    try:
        learning_note_submit(note=note, actor_membership=request.membership)
    except LearningNote.DoesNotExist:
        raise Http404 from None
    except DomainError as error:
        return _refused(request, note, error)
    messages.success(request, "Your note has been sent for approval. Another safeguarding lead or manager will "
                               "check that it identifies no one before it is published.")
    return redirect("evidence:note", note.pk)


@require_http_methods(["GET", "POST"])
@allowed(A.REVIEW_NOTE)
@with_note
def note_review(request, note):
    if (response := _not_now(request, note, A.REVIEW_NOTE)) is not None:
        return response
    form = ReasonForm(posted(request), label="What needs to change",
                      hint="Needed only if you return the note. Do not repeat any detail that identifies someone.")
    if request.method == "POST" and form.is_valid():
        decision = request.POST.get("decision")
        try:
            if decision == "approve":
                learning_note_approve(note=note, actor_membership=request.membership)
            elif decision == "return":
                learning_note_return(note=note, actor_membership=request.membership,
                                     reason=form.cleaned_data["reason"])
            else:
                raise FieldErrors({"non_field_errors": ["Choose whether to approve or return the note"]})
        except (InvalidTransition, PermissionDenied) as error:
            return _refused(request, note, error)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, "The note has been published." if decision == "approve"
                             else "The note has been returned to its writer.")
            return redirect("evidence:note", note.pk)
    return render(request, "evidence/note_review.html", {"note": note, "form": form, "section": "notes"},
                  status=status_for(form))


@require_http_methods(["GET", "POST"])
@allowed(A.WITHDRAW_NOTE)
@with_note
def note_withdraw(request, note):
    if (response := _not_now(request, note, A.WITHDRAW_NOTE)) is not None:
        return response
    form = ReasonForm(posted(request), label="Why are you withdrawing it?",
                      hint="Readers no longer see the note. Do not repeat any detail that identifies someone.")
    if request.method == "POST" and form.is_valid():
        try:
            learning_note_withdraw(note=note, actor_membership=request.membership, reason=form.cleaned_data["reason"])
        except (InvalidTransition, PermissionDenied) as error:
            return _refused(request, note, error)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, "The note has been withdrawn.")
            return redirect("evidence:note", note.pk)
    return render(request, "evidence/note_withdraw.html", {"note": note, "form": form, "section": "notes"},
                  status=status_for(form))
