"""The baseline's one table: a submission's JSON as received, unsealed and unaudited."""

from django.db import models


class PlainSubmission(models.Model):
    payload = models.JSONField()
    received_at = models.DateTimeField(auto_now_add=True)
