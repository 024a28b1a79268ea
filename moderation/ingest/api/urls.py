"""API routes. Exempt from the portal's sign-in (LoginRequiredMiddleware): the API answers
to its own Bearer tokens, never to a session."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from moderation.ingest.api import views

urlpatterns = [
    path("schema/", login_not_required(SpectacularAPIView.as_view()), name="api-schema"),
    path(
        "v1/comments/",
        login_not_required(views.CommentBatchView.as_view()),
        name="api-comments",
    ),
    path(
        "v1/subscribers/",
        login_not_required(views.SubscriberSnapshotView.as_view()),
        name="api-subscribers",
    ),
]
