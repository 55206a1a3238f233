"""One row per counted key: how many failures, and when its window ends."""

from django.db import models


class Counter(models.Model):
    # A keyed digest under a key that is replaced every hour and deleted (ratelimit.rotating_key):
    # never an address or an email, and unlinkable to one once its key is gone.
    key = models.CharField(max_length=32, primary_key=True)
    failures = models.PositiveIntegerField(default=0)
    window_ends = models.DateTimeField(db_index=True)
