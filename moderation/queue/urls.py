"""The moderation queue: the list, bulk decisions, one comment, its raw payload, a decision."""

from django.urls import path

from moderation.queue import views

urlpatterns = [
    path("queue/", views.queue, name="queue"),
    path("queue/bulk/", views.queue_bulk, name="queue_bulk"),
    path("queue/<int:pk>/", views.comment_detail, name="comment_detail"),
    path("queue/<int:pk>/raw/", views.comment_raw, name="comment_raw"),
    path("queue/<int:pk>/decide/", views.comment_decide_view, name="comment_decide"),
    path("queue/<int:pk>/release/", views.comment_release, name="comment_release"),
    path("queue/<int:pk>/quick/", views.comment_quick_decide, name="comment_quick_decide"),
    path("queue/decisions/<int:pk>/undo/", views.decision_undo_view, name="decision_undo"),
]
