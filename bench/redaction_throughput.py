"""Redaction throughput: ~600-character multilingual narratives per second on one core."""
# Narratives are built from the evaluation sentences (all languages, traps included),
# joined in a fixed pseudo-random order until each is about 600 characters, so most of
# them contain several status statements, identifiers and traps: a harder load than
# typical narratives, where most sentences mention no immigration matter at all.
# Time is CPU time of this process (time.process_time), so other load on the machine
# inflates the figure less than wall-clock time would; the wall-clock figure is printed too.
import os
import platform
import random
import sys
import time

from safereport.redaction.engine import redact
from safereport.redaction.evaluation import LANGUAGES, load

TARGET_CHARS = 600
NARRATIVES = 2000
ROUNDS = 3


def narratives(count: int, seed: int = 2024) -> list[str]:
    sentences = [case["text"] for language in LANGUAGES for case in load(language)]
    rng = random.Random(seed)
    built = []
    for _ in range(count):
        parts: list[str] = []
        while sum(len(p) + 1 for p in parts) < TARGET_CHARS:
            parts.append(rng.choice(sentences))
        built.append(" ".join(parts))
    return built


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    texts = narratives(NARRATIVES)
    # Warm-up over every text: the dispatch compiles each group of branches on first use.
    for text in texts:
        redact(text)
    cpu_rates, best_wall = [], float("inf")
    for _ in range(ROUNDS):
        cpu, wall = time.process_time(), time.perf_counter()
        for text in texts:
            redact(text)
        cpu_rates.append(len(texts) / (time.process_time() - cpu))
        best_wall = min(best_wall, time.perf_counter() - wall)
    cpu_rates.sort()
    mean_chars = sum(map(len, texts)) / len(texts)
    print(f"redaction throughput: {cpu_rates[-1]:,.0f} narratives/s on one core (CPU time, best round; "
          f"median round {cpu_rates[len(cpu_rates) // 2]:,.0f}), {len(texts) / best_wall:,.0f}/s wall clock; "
          f"{ROUNDS} rounds of {len(texts)} narratives, mean {mean_chars:.0f} characters")
    print(f"machine: {platform.platform()}; CPU: {cpu_model()}; load average {os.getloadavg()[0]:.2f}")
    print(f"python: {sys.version.split()[0]} ({platform.python_implementation()})")
    print("command: .venv/bin/python bench/redaction_throughput.py")


if __name__ == "__main__":
    main()
