"""Supervisors' review of decisions, and the notifications that tell staff how theirs fared."""

from django.urls import path

from moderation.review import views

urlpatterns = [
    path("reviews/", views.review_list, name="review_list"),
    path("reviews/<int:pk>/", views.review_decide, name="review_decide"),
    path("reviews/notifications/", views.notification_list, name="review_notifications"),
    path(
        "reviews/notifications/<int:pk>/read/",
        views.notification_read,
        name="review_notification_read",
    ),
]
