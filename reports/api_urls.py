"""API routes, included under /api/v1/dashboard/ (names in the "api" namespace)."""

from django.urls import path

from reports.api import DashboardSummaryApi

urlpatterns = [
    path("summary/", DashboardSummaryApi.as_view(), name="dashboard-summary"),
]
