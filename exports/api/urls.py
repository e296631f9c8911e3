"""API routes, included under /api/v1/exports/ (names in the "api" namespace)."""

from django.urls import path

from exports.api import views

urlpatterns = [
    path("", views.ExportListApi.as_view(), name="exports"),
    path("<uuid:public_id>/", views.ExportDetailApi.as_view(), name="export"),
    path("<uuid:public_id>/download/", views.ExportDownloadApi.as_view(), name="export-download"),
]
