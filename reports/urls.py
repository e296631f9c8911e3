"""The dashboard pages, included under /dashboard/ (names in the "reports" namespace). Query strings carry filters
(periods, teams, codes), never anything about a person."""

from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("charts/<slug:name>.svg", views.chart_download, name="chart"),
    path("reviews/", views.review_list, name="reviews"),
    path("interventions/", views.intervention_list, name="interventions"),
]
