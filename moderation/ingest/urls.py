"""The portal's pages for ingestion: API tokens (administrators) and stored attachment copies.
The API itself (`ingest/api/urls.py`) and the Meta webhook are mounted in stanton/urls.py,
outside the portal's namespace."""

from django.urls import path

from moderation.ingest import views

urlpatterns = [
    path(
        "attachments/<int:pk>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path("api-tokens/", views.api_token_list, name="api_token_list"),
    path("api-tokens/new/", views.api_token_create_view, name="api_token_create"),
    path("api-tokens/<int:pk>/revoke/", views.api_token_revoke_view, name="api_token_revoke"),
]
