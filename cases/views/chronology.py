"""One person's chronology: everything the reader may see about them across referrals and cases, newest first,
filtered by kind with a GET form (so it works without JavaScript). Every read is recorded in the audit trail."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.roles import Capability
from cases.chronology import CHRONOLOGY_KINDS, chronology_for_subject
from cases.forms.records import ChronologyFilterForm
from cases.services import chronology_record_view
from core.access import member_required
from referrals.models import Subject


@require_GET
@member_required(Capability.RECORD_CASEWORK)
def chronology(request, subject_id):
    form = ChronologyFilterForm(request.GET or None, kinds=CHRONOLOGY_KINDS)
    kinds = form.chosen()
    try:
        entries = chronology_for_subject(request.membership, subject_id, kinds=kinds)
        chronology_record_view(actor_membership=request.membership, subject_id=subject_id, kinds=kinds)
    except Subject.DoesNotExist:
        raise Http404 from None
    subject = Subject.objects.only("first_name", "last_name").get(pk=subject_id)
    return render(request, "cases/chronology.html",
                  {"subject": subject, "entries": entries, "form": form, "filtered": kinds is not None})
