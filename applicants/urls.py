from django.urls import path

from applicants import guidance, views

app_name = "applicants"

urlpatterns = [
    path("", views.start, name="start"),
    path("<uuid:pk>/", views.resume, name="resume"),
    path("<uuid:pk>/check/", views.check_answers, name="check_answers"),
    path("<uuid:pk>/results/", guidance.results, name="results"),
    path("<uuid:pk>/delete/", guidance.delete, name="delete"),
    path("<uuid:pk>/<slug:step>/", views.step, name="step"),
]
