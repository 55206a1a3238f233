"""Staff pages of the firewall: the disclosure-request register and compelled disclosure."""
from django.urls import path

from . import views

app_name = "firewall"
urlpatterns = [
    path("", views.register, name="register"),
    path("new/", views.new, name="new"),
    path("<str:reference>/", views.detail, name="detail"),
    path("<str:reference>/refuse/", views.refuse, name="refuse"),
    path("<str:reference>/approve/", views.approve, name="approve"),
    path("<str:reference>/package.json", views.package, name="package"),
    path("<str:reference>/court-order", views.court_order, name="court_order"),
]
