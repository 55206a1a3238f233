"""What the vault costs: Argon2id at sign-in, opening a 50-message case, and sealing one submission."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def configure(data_dir: Path) -> None:
    """Production settings on a throwaway SQLite file: never a configured DATABASE_URL, never test-mode costs."""
    for name in ("DATABASE_URL", "PYTEST_VERSION", "SAFEREPORT_TESTING", "SAFEREPORT_DEBUG"):
        os.environ.pop(name, None)
    os.environ["SAFEREPORT_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "safereport.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kdf-runs", type=int, default=5, help="sign-ins timed per Argon2id profile (default 5)")
    parser.add_argument("--case-runs", type=int, default=200, help="open_case calls timed (default 200)")
    parser.add_argument("--submit-runs", type=int, default=300, help="submit_report calls timed (default 300)")
    parser.add_argument("--crypto-runs", type=int, default=3000, help="runs of each pure-crypto step (default 3000)")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="safereport-vault-bench-", dir="/tmp"))
    started = time.perf_counter()
    from bench import machine  # no Django import: safe before configure()

    load_before = machine.load_average()
    try:
        configure(data_dir)
        from bench.vault_figures import Bench

        bench = Bench(args)
        sections = [bench.sign_in(), bench.open_case(), bench.sealing()]
        print("## Vault costs\n")
        print(f"Command: `{machine.command_line()}`\n")
        print(
            machine.markdown(
                {
                    "Database": "SQLite file in a throwaway directory under /tmp (production settings, rollback journal, "
                    "IMMEDIATE transactions)",
                    "Load average (1/5/15 min) before / after": f"{load_before}  /  {machine.load_average()}",
                }
            )
            + "\n"
        )
        for title, text in sections:
            print(f"### {title}\n\n{text}\n")
        print(f"Wall time: {time.perf_counter() - started:.0f} s")
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
