"""The referral pages, included under /referrals/ (names in the "referrals" namespace). URLs carry ids only, never
anything about the person."""

from django.urls import path, register_converter

from referrals.views import decision, detail, intake, queue

register_converter(intake.StepConverter, "referral_step")

app_name = "referrals"

urlpatterns = [
    path("", queue.referral_list, name="list"),
    path("new/", intake.referral_start, name="start"),
    path("drafts/", intake.referral_drafts, name="drafts"),
    path("<int:referral_id>/", detail.referral_detail, name="detail"),
    path("<int:referral_id>/check/", intake.referral_check, name="check"),
    path("<int:referral_id>/submitted/", intake.referral_submitted, name="submitted"),
    path("<int:referral_id>/assign/", detail.referral_assign_view, name="assign"),
    path("<int:referral_id>/start-screening/", detail.referral_start_screening_view, name="start_screening"),
    path("<int:referral_id>/notes/", detail.referral_note_add, name="note_add"),
    path("<int:referral_id>/decide/", decision.referral_decide_page, name="decide"),
    path("<int:referral_id>/withdraw/", decision.referral_withdraw_page, name="withdraw"),
    path("<int:referral_id>/<referral_step:page>/", intake.referral_step, name="step"),
]
