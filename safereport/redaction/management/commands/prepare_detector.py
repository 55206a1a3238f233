"""Train the learned redaction detector now, or confirm the stored one, so that no request waits for it."""

import time

from django.core.management.base import BaseCommand, CommandError

from safereport.redaction import detector, model_store, training


class Command(BaseCommand):
    help = (
        "Make sure the learned redaction detector for this code and data is stored (settings.REDACTION_MODEL_DIR, "
        "SAFEREPORT_MODEL_CACHE_DIR): trains it (about 20 s of CPU) if it is not, loads it if it is, and removes "
        "models stored for other versions. Exits non-zero if it cannot be stored. `make run` runs this before "
        "serving; run it after every deployment, before starting (or reloading) the server."
    )

    def handle(self, *args, **options):
        directory = model_store.configured_directory()
        if directory is None:
            raise CommandError("No model directory is configured (SAFEREPORT_MODEL_CACHE_DIR is empty): nothing to prepare.")
        key = detector.FINGERPRINT
        path = model_store.path_in(directory, key)
        started = time.process_time()
        stored = model_store.loaded_if_stored(directory, key)
        if stored is not None:
            self.stdout.write(f"The stored detector is current ({len(stored.weights):,} n-gram weights): {path}")
        else:
            model = training.train()
            try:
                model_store.save(path, model, key)
            except OSError as error:
                raise CommandError(f"The detector was trained but could not be stored at {path}: {error}") from None
            self.stdout.write(
                f"Trained the detector in {time.process_time() - started:.1f} s of CPU "
                f"({len(model.weights):,} n-gram weights); stored at {path}."
            )
        stale = model_store.stale_models(directory, key)
        for old in stale:
            old.unlink(missing_ok=True)
        if stale:
            self.stdout.write(f"Removed {len(stale)} model(s) stored for other versions of the code or data.")
