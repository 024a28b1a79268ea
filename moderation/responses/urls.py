"""Answering the public, platform reports and outside posting requests."""

from django.urls import path

from moderation.responses import views

urlpatterns = [
    path("responses/", views.response_list, name="response_list"),
    path("responses/comments/<int:pk>/", views.reply_view, name="reply"),
    path("responses/comments/<int:pk>/dismiss/", views.response_dismiss, name="response_dismiss"),
    path(
        "responses/replies/<int:pk>/exception/",
        views.reply_exception_approve_view,
        name="reply_exception_approve",
    ),
    path("responses/saved-replies/", views.saved_reply_list, name="saved_reply_list"),
    path("responses/saved-replies/<int:pk>/", views.saved_reply_edit, name="saved_reply_edit"),
    path("responses/staff-directory/", views.staff_directory, name="staff_directory"),
    path(
        "responses/staff-directory/<int:pk>/",
        views.staff_directory_edit,
        name="staff_directory_edit",
    ),
    path(
        "queue/decisions/<int:pk>/platform-report/",
        views.platform_report_add,
        name="platform_report_add",
    ),
    path("posting-requests/", views.posting_request_list, name="posting_request_list"),
    path("posting-requests/<int:pk>/", views.posting_request_detail, name="posting_request_detail"),
]
