"""The export pages, included under /exports/ (names in the "exports" namespace). Jobs are named by their
random public id only."""

from django.urls import path

from exports import views

app_name = "exports"

urlpatterns = [
    path("", views.job_list, name="list"),
    path("audit-trail/", views.audit_trail_export, name="audit_trail"),
    path("audit-trail/record/", views.record_trail_export, name="record_trail"),
    path("cases/<int:case_id>/summary/", views.case_summary_export, name="case_summary"),
    path("subject-access/", views.subject_access, name="subject_access"),
    path("<uuid:public_id>/", views.job_detail, name="job"),
    path("<uuid:public_id>/status/", views.job_status, name="job_status"),
    path("<uuid:public_id>/download/", views.job_download, name="download"),
]
