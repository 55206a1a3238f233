"""Bench-only URL map: every production URL, plus /bench/baseline."""

from django.urls import path

from safereport.urls import urlpatterns as production_urlpatterns

from .baseline.views import store_plain

urlpatterns = [path("bench/baseline", store_plain, name="bench_baseline"), *production_urlpatterns]
