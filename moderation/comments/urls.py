"""Any comment, any account: the all-comments search, a staff flag, an account's page and
its notes, and the public's report form."""

from django.urls import path

from moderation.comments import views

urlpatterns = [
    path("comments/", views.comment_list, name="comment_list"),
    path("queue/<int:pk>/flag/", views.comment_flag_view, name="comment_flag"),
    path("public-accounts/<int:pk>/", views.account_detail, name="account_detail"),
    path("public-accounts/<int:pk>/notes/", views.account_note_add_view, name="account_note_add"),
    path("report/", views.report_form, name="report"),
    path("report/received/", views.report_received, name="report_received"),
]
