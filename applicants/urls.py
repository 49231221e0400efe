from django.urls import path

from applicants import views

app_name = "applicants"

urlpatterns = [
    path("", views.start, name="start"),
    path("shared/<slug:token>/", views.shared, name="shared"),
    path("<uuid:pk>/", views.resume, name="resume"),
    path("<uuid:pk>/private/<slug:token>/", views.claim, name="claim"),
    path("<uuid:pk>/check/", views.check_answers, name="check_answers"),
    path("<uuid:pk>/results/", views.results, name="results"),
    path("<uuid:pk>/share/", views.share, name="share"),
    path("<uuid:pk>/delete/", views.delete, name="delete"),
    path("<uuid:pk>/<slug:step>/", views.step, name="step"),
]
