"""Public pages: the transparency report."""

from django.urls import path

from . import transparency

app_name = "transparency"
urlpatterns = [
    path("", transparency.transparency_report, name="report"),
    path("report.csv", transparency.transparency_csv, name="csv"),
]
