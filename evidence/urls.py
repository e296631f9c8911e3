"""The evidence base pages, included under /evidence/ (names in the "evidence" namespace). URLs carry ids only."""

from django.urls import path

from evidence.views import engagement, figures, notes

app_name = "evidence"

urlpatterns = [
    path("", figures.overview, name="overview"),
    path("pooled/", figures.pooled, name="pooled"),
    path("notes/", notes.note_list, name="notes"),
    path("notes/new/", notes.note_new, name="note_new"),
    path("notes/<int:note_id>/", notes.note_detail, name="note"),
    path("notes/<int:note_id>/change/", notes.note_edit, name="note_edit"),
    path("notes/<int:note_id>/send/", notes.note_submit, name="note_submit"),
    path("notes/<int:note_id>/check/", notes.note_review, name="note_review"),
    path("notes/<int:note_id>/withdraw/", notes.note_withdraw, name="note_withdraw"),
    path("engagement/", engagement.engagement_list, name="engagement"),
    path("engagement/new/", engagement.engagement_new, name="engagement_new"),
    path("engagement/<int:engagement_id>/change/", engagement.engagement_edit, name="engagement_edit"),
    path("sharing/", engagement.sharing, name="sharing"),
]
