"""Supported police visits ("free in, free out"): forces' agreements, participating stations, bookings."""

from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "safereport.visits"
    label = "visits"
    verbose_name = "Supported police visits"
