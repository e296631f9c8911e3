"""API routes, included under /api/v1/referrals/ (names in the "api" namespace)."""

from django.urls import path

from referrals.api import views

urlpatterns = [
    path("", views.ReferralListApi.as_view(), name="referrals"),
    path("<int:referral_id>/", views.ReferralDetailApi.as_view(), name="referral"),
    path("<int:referral_id>/history/", views.ReferralHistoryApi.as_view(), name="referral-history"),
    path("<int:referral_id>/decide/", views.ReferralDecideApi.as_view(), name="referral-decide"),
    path("<int:referral_id>/assign/", views.ReferralAssignApi.as_view(), name="referral-assign"),
    path("<int:referral_id>/screening/", views.ReferralStartScreeningApi.as_view(), name="referral-screening"),
    path("<int:referral_id>/notes/", views.ReferralNoteAddApi.as_view(), name="referral-notes"),
    path("<int:referral_id>/withdraw/", views.ReferralWithdrawApi.as_view(), name="referral-withdraw"),
]
