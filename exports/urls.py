"""The export pages, included under /exports/ (names in the "exports" namespace). Jobs are named by their
random public id only."""

from django.urls import path

from exports import views

app_name = "exports"

urlpatterns = [
    path("audit-trail/", views.audit_trail_export, name="audit_trail"),
    path("<uuid:public_id>/", views.job_detail, name="job"),
    path("<uuid:public_id>/status/", views.job_status, name="job_status"),
    path("<uuid:public_id>/download/", views.job_download, name="download"),
]
