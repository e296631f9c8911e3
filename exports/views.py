"""The export pages: ask for an audit trail export, follow a job's progress, download the file.

The progress page refreshes itself every few seconds (a meta refresh, so it works without JavaScript); with
JavaScript the bar moves without reloading (static/js/export-progress.mjs reads the status URL)."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.roles import Capability
from cases.models import Case
from core.access import member_required
from core.exceptions import DomainError, PermissionDenied
from core.forms import apply_domain_error, posted
from exports import selectors, services
from exports.forms import AuditTrailExportForm, SubjectAccessForm, SubjectSearchForm
from exports.models import ExportJob, ExportKind
from exports.storage import download_name
from referrals.models import Subject

REFRESH_SECONDS = 3


def _job_for(request, public_id) -> ExportJob:
    job = selectors.export_job_for(request.membership, public_id)
    if job is None:
        raise Http404
    return job


@require_http_methods(["GET", "POST"])
@member_required(Capability.EXPORT_AUDIT)
def audit_trail_export(request):
    form = AuditTrailExportForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            job = services.export_request(kind=form.cleaned_data["kind"], actor_membership=request.membership,
                                          params=form.service_params())
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            return redirect("exports:job", job.public_id)
    return render(request, "exports/audit_trail_form.html",
                  {"form": form, "ttl_hours": settings.THRESHOLD_EXPORT_TTL_HOURS}, status=400 if form.errors else 200)


@require_POST
@member_required(Capability.EXPORT_AUDIT)
def record_trail_export(request):
    """The export buttons of an audit event's page: the whole trail of the record it is about."""
    kind = request.POST.get("kind")
    if kind not in (ExportKind.AUDIT_TRAIL_PDF, ExportKind.AUDIT_TRAIL_CSV):
        return render(request, "400.html", status=400)
    try:
        job = services.export_request(kind=kind, actor_membership=request.membership, params={
            "target_type": request.POST.get("target_type", ""), "target_id": request.POST.get("target_id", "")})
    except DomainError:  # the page offers only records with a trail; anything else was not sent by it
        return render(request, "400.html", status=400)
    return redirect("exports:job", job.public_id)


@require_POST
@member_required(Capability.EXPORT_CASE_PDF)
def case_summary_export(request, case_id):
    """The "Export PDF" button of a case page."""
    try:
        job = services.export_request(kind=ExportKind.CASE_SUMMARY_PDF, actor_membership=request.membership,
                                      target_id=case_id)
    except Case.DoesNotExist:
        raise Http404 from None
    except PermissionDenied:
        return render(request, "403.html", status=403)
    return redirect("exports:job", job.public_id)


@require_http_methods(["GET", "POST"])
@member_required(Capability.SUBJECT_ACCESS)
def subject_access(request):
    """Find the person's records (GET), then prepare a pack of the ones chosen (POST)."""
    search = SubjectSearchForm(request.GET or None)
    subjects = []
    if search.is_bound and search.is_valid():
        criteria = {key: value for key, value in search.cleaned_data.items() if value}
        subjects = selectors.subjects_matching(request.membership, **criteria)
        services.subject_search_record(actor_membership=request.membership, results=len(subjects))
    choose = SubjectAccessForm(posted(request), subjects=subjects)
    if request.method == "POST" and choose.is_valid():
        ids = choose.cleaned_data["subject_ids"]
        try:
            job = services.export_request(kind=ExportKind.SUBJECT_ACCESS, actor_membership=request.membership,
                                          target_id=ids[0], params={"subject_ids": ids})
        except Subject.DoesNotExist:
            raise Http404 from None
        except DomainError as error:
            apply_domain_error(choose, error)
        else:
            return redirect("exports:job", job.public_id)
    status = 400 if search.errors or choose.errors else 200
    return render(request, "exports/subject_access.html",
                  {"search": search, "choose": choose, "subjects": subjects, "searched": search.is_bound,
                   "chosen": set(request.POST.getlist("subject_ids"))},
                  status=status)


@require_GET
@member_required()
def job_list(request):
    """The member's exports (and, for a DPO, the authority's subject access packs), newest first."""
    page = Paginator(selectors.export_jobs_for(request.membership), 25).get_page(request.GET.get("page"))
    return render(request, "exports/job_list.html", {"page": page})


@require_GET
@member_required()
def job_detail(request, public_id):
    job = _job_for(request, public_id)
    return render(request, "exports/job_detail.html",
                  {"job": job, "refresh_seconds": None if job.is_finished else REFRESH_SECONDS})


@require_GET
@member_required()
def job_status(request, public_id):
    job = _job_for(request, public_id)
    return JsonResponse({"status": job.status, "status_label": job.get_status_display(), "progress": job.progress,
                         "finished": job.is_finished})


@require_GET
@member_required()
def job_download(request, public_id):
    job = ExportJob.objects.filter(public_id=public_id).first()
    if job is None:
        raise Http404
    try:
        path = services.export_download(job=job, actor_membership=request.membership)
    except ExportJob.DoesNotExist:
        raise Http404 from None
    except services.ExportGone:
        return render(request, "exports/gone.html", {"job": job}, status=410)
    except DomainError:
        return redirect("exports:job", job.public_id)
    response = FileResponse(path.open("rb"), as_attachment=True, filename=download_name(job))
    response["Cache-Control"] = "no-store"
    return response
