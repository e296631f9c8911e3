"""The case pages, included under /cases/ (names in the "cases" namespace)."""

from django.urls import path

from cases.views import case

app_name = "cases"

urlpatterns = [
    path("<int:case_id>/", case.case_detail, name="detail"),
]
