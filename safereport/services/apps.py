"""Support services: the organisation's directory, and referrals of a case to one of them."""

from django.apps import AppConfig


class ServicesConfig(AppConfig):
    name = "safereport.services"
    label = "services"
