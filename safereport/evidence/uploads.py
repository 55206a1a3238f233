"""Uploads held in memory only, and never beyond the size limit: a photo with its GPS tags never touches a disk."""

from __future__ import annotations

import io

from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler


class BoundedMemoryUploadHandler(FileUploadHandler):
    """Django would spool a large upload to a temporary file in plain text; this keeps at most the limit
    (plus one byte, to know it was passed) in memory and counts the rest without keeping it."""

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.kept = io.BytesIO()
        self.seen = 0
        self.limit = int(settings.EVIDENCE_MAX_BYTES) + 1

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.seen += len(raw_data)
        room = self.limit - self.kept.tell()
        if room > 0:
            self.kept.write(raw_data[:room])
        return None

    def file_complete(self, file_size: int) -> InMemoryUploadedFile:
        self.kept.seek(0)
        upload = InMemoryUploadedFile(
            file=self.kept,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=self.seen,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
        return upload
