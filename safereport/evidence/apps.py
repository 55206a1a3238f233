"""Evidence files: photos, screenshots and PDFs attached to a report, stripped of metadata and sealed."""

from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "safereport.evidence"
    label = "evidence"

    def ready(self) -> None:
        from . import storage

        storage.connect_deletion()
