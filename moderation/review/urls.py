"""Supervisors' review of decisions."""

from django.urls import path

from moderation.review import views

urlpatterns = [
    path("reviews/", views.review_list, name="review_list"),
    path("reviews/<int:pk>/", views.review_decide, name="review_decide"),
]
