from django.urls import path

from records import public_views, views

app_name = "records"

urlpatterns = [
    # The public's side: no sign-in.
    path("request/", public_views.public_request, name="public_request"),
    path("request/received/", public_views.public_request_received, name="public_request_received"),
    path("archive/", public_views.archive, name="archive"),
    path("archive/files/<int:pk>/", public_views.archive_download, name="archive_download"),
    path("track/<str:token>/", public_views.track, name="track"),
    path("track/<str:token>/message/", public_views.track_message, name="track_message"),
    path("track/<str:token>/files/<int:pk>/", public_views.track_download, name="track_download"),
    # Staff.
    path("", views.dashboard, name="dashboard"),
    path("requests/", views.request_list, name="request_list"),
    path("requests/new/", views.request_create, name="request_create"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/status/", views.request_status, name="request_status"),
    path("requests/<int:pk>/assign/", views.request_assign, name="request_assign"),
    path("requests/<int:pk>/assistance/", views.request_assistance, name="request_assistance"),
    path("requests/<int:pk>/extension/", views.request_extend, name="request_extend"),
    path("requests/<int:pk>/messages/", views.request_message, name="request_message"),
    path("requests/<int:pk>/acknowledge/", views.request_acknowledge, name="request_acknowledge"),
    path("requests/<int:pk>/archive/", views.request_archive, name="request_archive"),
    path("letters/", views.letter_template_list, name="letter_template_list"),
    path("letters/<str:kind>/", views.letter_template_edit, name="letter_template_edit"),
    path("requests/<int:pk>/determination/", views.request_determine, name="request_determine"),
    path("requests/<int:pk>/search/", views.request_search, name="request_search"),
    path("requests/<int:pk>/review/", views.request_review, name="request_review"),
    path(
        "requests/<int:pk>/review/choose/",
        views.request_records_choose,
        name="request_records_choose",
    ),
    path("requests/<int:pk>/redactions/", views.redaction_mark, name="redaction_mark"),
    path(
        "requests/<int:pk>/redact/<str:target_type>/<int:target_id>/",
        views.redaction_editor,
        name="redaction_editor",
    ),
    path("requests/<int:pk>/packages/", views.package_create, name="package_create"),
    path("redactions/<int:pk>/withdraw/", views.redaction_withdraw, name="redaction_withdraw"),
    path("packages/<int:pk>/", views.package_detail, name="package_detail"),
    path("packages/<int:pk>/retry/", views.package_retry, name="package_retry"),
    path("packages/<int:pk>/release/", views.package_release, name="package_release"),
    path("packages/<int:pk>/download/", views.package_download, name="package_download"),
    path("exemptions/", views.exemption_list, name="exemption_list"),
    path("exemptions/new/", views.exemption_create, name="exemption_create"),
    path("exemptions/<int:pk>/", views.exemption_edit, name="exemption_edit"),
    path("closures/", views.closure_list, name="closure_list"),
    path("closures/<int:pk>/withdraw/", views.closure_withdraw, name="closure_withdraw"),
    path("holds/", views.hold_list, name="hold_list"),
    path("holds/new/", views.hold_create, name="hold_create"),
    path("holds/<int:pk>/release/", views.hold_release, name="hold_release"),
]
