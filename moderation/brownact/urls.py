from django.urls import path

from moderation.brownact import views

urlpatterns = [
    path("brown-act/", views.alert_list, name="brown_act_alerts"),
    path("brown-act/<int:pk>/close/", views.alert_close, name="brown_act_alert_close"),
    path("brown-act/bodies/", views.body_list, name="brown_act_bodies"),
]
