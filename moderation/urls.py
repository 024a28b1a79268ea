"""The portal's moderation pages, one `urls.py` per concern, all under the `moderation`
namespace (`reverse("moderation:queue")`): an include without a namespace of its own keeps
the names of its patterns in this one."""

from django.urls import include, path

app_name = "moderation"

urlpatterns = [
    path("", include("moderation.sites.urls")),
    path("", include("moderation.queue.urls")),
    path("", include("moderation.comments.urls")),
    path("", include("moderation.bans.urls")),
    path("", include("moderation.auditlog.urls")),
    path("", include("moderation.review.urls")),
    path("", include("moderation.rules.urls")),
    path("", include("moderation.ingest.urls")),
    path("", include("moderation.connectors.urls")),
    path("", include("moderation.policy.urls")),
    path("", include("moderation.brownact.urls")),
    path("", include("moderation.responses.urls")),
    path("", include("moderation.supervision.urls")),
]
