"""How our API authentication appears in the OpenAPI schema (drf-spectacular extensions)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.api_auth.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token (thr_…), created on the API tokens page or with create_api_token.",
        }


class VerifiedSessionScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.api_auth.VerifiedSessionAuthentication"
    name = "sessionAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": "sessionid",
                "description": "A browser session that has passed the authenticator-code step (with CSRF token)."}
