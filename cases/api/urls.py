"""API routes, included under /api/v1/cases/ (names in the "api" namespace)."""

from django.urls import path

from cases.api import views

urlpatterns = [
    path("", views.CaseListApi.as_view(), name="cases"),
    path("<int:case_id>/", views.CaseDetailApi.as_view(), name="case"),
    path("<int:case_id>/assessments/", views.CaseAssessmentsApi.as_view(), name="case-assessments"),
    path("<int:case_id>/interventions/", views.CaseInterventionsApi.as_view(), name="case-interventions"),
    path("<int:case_id>/interventions/<int:intervention_id>/sessions/", views.InterventionSessionApi.as_view(),
         name="case-intervention-sessions"),
    path("<int:case_id>/interventions/<int:intervention_id>/end/", views.InterventionEndApi.as_view(),
         name="case-intervention-end"),
    path("<int:case_id>/reviews/", views.CaseReviewsApi.as_view(), name="case-reviews"),
    path("<int:case_id>/close/", views.CaseCloseApi.as_view(), name="case-close"),
    path("<int:case_id>/assign/", views.CaseAssignApi.as_view(), name="case-assign"),
    path("<int:case_id>/status/", views.CaseStatusApi.as_view(), name="case-status"),
]
