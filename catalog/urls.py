from django.urls import path

from catalog import views

app_name = "catalog"

urlpatterns = [
    path("", views.home, name="home"),
    path("certifications/", views.certification_list, name="certification_list"),
    path(
        "certifications/<str:code>/",
        views.certification_detail,
        name="certification_detail",
    ),
    path("bodies/", views.body_list, name="body_list"),
    path("bodies/<str:acronym>/", views.body_detail, name="body_detail"),
    path("compare/", views.compare, name="compare"),
    path("glossary/", views.glossary, name="glossary"),
]
