"""The case pages, included under /cases/ (names in the "cases" namespace)."""

from django.urls import path

from cases.views import case, caseload, lifecycle

# isort: split
from cases.views import assessments, chronology, interventions, records

app_name = "cases"

urlpatterns = [
    # The case, caseload, lifecycle, access, reviews and closure.
    path("", caseload.caseload, name="caseload"),
    path("<int:case_id>/", case.case_detail, name="detail"),
    path("<int:case_id>/break-glass/", case.case_break_glass_page, name="break_glass"),
    path("<int:case_id>/assign/", lifecycle.case_assign_page, name="assign"),
    path("<int:case_id>/status/", lifecycle.case_status_view, name="status"),
    path("<int:case_id>/restrict/", lifecycle.case_restrict_page, name="restrict"),
    path("<int:case_id>/access/", lifecycle.case_access_page, name="access"),
    path("<int:case_id>/reviews/<int:review_id>/", lifecycle.case_review_page, name="review"),
    path("<int:case_id>/close/", lifecycle.case_close_page, name="close"),
    path("<int:case_id>/close/<int:closure_id>/", lifecycle.case_closure_decide_page, name="closure_decide"),
    path("<int:case_id>/reopen/", lifecycle.case_reopen_page, name="reopen"),
    # Assessments, interventions, legal actions, challenges, notes and the chronology.
    path("<int:case_id>/assessments/new/", assessments.assessment_new, name="assessment_new"),
    path("<int:case_id>/assessments/<int:assessment_id>/", assessments.assessment_detail, name="assessment"),
    path("<int:case_id>/interventions/new/", interventions.intervention_new, name="intervention_new"),
    path("<int:case_id>/interventions/<int:intervention_id>/", interventions.intervention_detail,
         name="intervention"),
    path("<int:case_id>/interventions/<int:intervention_id>/change/", interventions.intervention_change,
         name="intervention_change"),
    path("<int:case_id>/interventions/<int:intervention_id>/end/", interventions.intervention_end_page,
         name="intervention_end"),
    path("<int:case_id>/legal/new/", records.legal_new, name="legal_new"),
    path("<int:case_id>/legal/<int:legal_id>/", records.legal_detail, name="legal"),
    path("<int:case_id>/challenges/new/", records.challenge_new, name="challenge_new"),
    path("<int:case_id>/challenges/<int:challenge_id>/", records.challenge_detail, name="challenge"),
    path("<int:case_id>/notes/", records.note_list, name="notes"),
    path("<int:case_id>/notes/new/", records.note_new, name="note_new"),
    path("people/<int:subject_id>/chronology/", chronology.chronology, name="chronology"),
]
