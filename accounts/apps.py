from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "People and authorities"

    def ready(self):
        from accounts import schema  # noqa: F401  (registers the OpenAPI authentication extensions)
        from audit.actions import register_actions

        register_actions(
            {
                "accounts.authority.created": "Authority created",
                "accounts.authority.changed": "Authority details changed",
                "accounts.authority.switched": "Switched to this authority",
                "accounts.team.created": "Team created",
                "accounts.user.created": "Person added",
                "accounts.membership.created": "Access given",
                "accounts.membership.role_changed": "Role changed",
                "accounts.membership.team_changed": "Team changed",
                "accounts.membership.deactivated": "Access removed",
                "accounts.membership.reactivated": "Access restored",
                "accounts.session.signed_in": "Signed in",
                "accounts.session.signed_out": "Signed out",
                "accounts.session.sign_in_failed": "Sign-in failed",
                "accounts.session.locked_out": "Sign-in locked after repeated failures",
                "accounts.totp.enrolled": "Authenticator app set up",
                "accounts.token.created": "API token created",
                "accounts.token.revoked": "API token revoked",
            }
        )
