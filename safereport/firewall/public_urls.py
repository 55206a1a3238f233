"""Public pages of the firewall: the transparency report."""
from django.urls import path  # noqa: F401

app_name = "transparency"
urlpatterns = []
