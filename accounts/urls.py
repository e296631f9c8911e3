from django.urls import path

from accounts.views import auth, home, people, tokens

app_name = "accounts"

urlpatterns = [
    path("sign-in/", auth.sign_in, name="sign_in"),
    path("sign-in/code/", auth.sign_in_code, name="sign_in_code"),
    path("sign-in/set-up/", auth.sign_in_setup, name="sign_in_setup"),
    path("sign-out/", auth.sign_out, name="sign_out"),
    path("signed-out/", auth.signed_out, name="signed_out"),
    path("switch-authority/", home.switch_authority, name="switch_authority"),
    path("account/api-tokens/", tokens.token_list, name="tokens"),
    path("account/api-tokens/<int:token_id>/revoke/", tokens.token_revoke, name="token_revoke"),
    path("people/", people.people_list, name="people"),
    path("people/add/", people.person_add, name="person_add"),
    path("people/<int:membership_id>/", people.person_edit, name="person_edit"),
    path("people/teams/add/", people.team_add, name="team_add"),
]
