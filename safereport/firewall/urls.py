"""Staff pages of the firewall: the disclosure-request register and compelled disclosure."""
from django.urls import path  # noqa: F401

app_name = "firewall"
urlpatterns = []
