"""The case pages, included under /cases/ (names in the "cases" namespace)."""

from django.urls import path

from cases import views

app_name = "cases"

urlpatterns = [
    path("<int:case_id>/", views.case_detail, name="detail"),
]
