"""Who may reach ingestion's URLs. The token pages are for administrators. The API and the
webhook answer to their own credentials (Bearer token, Meta signature), never to a portal
session: a browser GET gets the same JSON refusal whoever is signed in."""

from tests.access.common import ADMIN_ONLY, ADMIN_ONLY_POST, PUBLIC, expect

EXPECTATIONS = {
    "moderation:api_token_list": ({}, ADMIN_ONLY),
    "moderation:api_token_create": ({}, ADMIN_ONLY),
    "moderation:api_token_revoke": ({"pk": "api_token"}, ADMIN_ONLY_POST),
    # No Bearer token: 401 JSON (the session cookie is not API authentication).
    "api-comments": ({}, expect(401)),
    "api-subscribers": ({}, expect(401)),
    # The OpenAPI schema is documentation, public like the published flag rules.
    "api-schema": ({}, PUBLIC),
    # A GET without Meta's hub.* verification parameters: 403 JSON.
    "webhooks-meta": ({}, expect(403)),
}


def build_scene(scene):
    from moderation.ingest.tokens import api_token_create
    from moderation.models import Site

    token, _ = api_token_create(
        name="Access-table token",
        sites=[Site.objects.get(slug=scene["site"])],
        actor=scene["users"]["admin"],
    )
    return {"api_token": token.pk}
