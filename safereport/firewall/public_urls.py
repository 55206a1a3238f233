"""Public pages of the firewall: the transparency report."""
from django.urls import path

from . import views

app_name = "transparency"
urlpatterns = [
    path("", views.transparency_report, name="report"),
    path("report.csv", views.transparency_csv, name="csv"),
]
