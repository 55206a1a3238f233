"""Train the learned redaction detector now, or confirm the stored one, so that no request waits for it."""

import time

from django.core.management.base import BaseCommand

from safereport.redaction import model_store, training


class Command(BaseCommand):
    help = (
        "Make sure the learned redaction detector for this code and data is stored (settings.REDACTION_MODEL_DIR, "
        "SAFEREPORT_MODEL_CACHE_DIR): trains it (about 20 s of CPU) if it is not, loads it if it is. "
        "`make run` runs this before serving; run it after every deployment, before starting the server."
    )

    def handle(self, *args, **options):
        directory = model_store.configured_directory()
        started = time.process_time()
        stored = model_store.loaded_if_stored(directory)
        if stored is not None:
            self.stdout.write(f"The stored detector is current ({len(stored.weights):,} n-gram weights).")
            return
        model = model_store.cached(directory, training.train)
        where = model_store.path_in(directory) if directory else "nowhere (no model directory is configured)"
        self.stdout.write(
            f"Trained the detector in {time.process_time() - started:.1f} s of CPU "
            f"({len(model.weights):,} n-gram weights); stored at {where}."
        )
