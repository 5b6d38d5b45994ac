"""Parse time in process: the YAML accelerator and the Python composer against the floor.

    python benchmarks/parse.py --work /tmp/boce-bench --documents 2000 --rounds 7

On the same decoded texts of a generated corpus (gen_corpus.py), interleaved round by round:

  floor        PyYAML's C loader: yaml.load(text, Loader=CSafeLoader), data only
  accelerator  boce-lint's parse() with the C accelerator: data, positions, limits
  python       boce-lint's parse() with the Python composer (BOCE_LINT_PURE_YAML's path)
  libyaml      libyaml's events alone, nothing built (the accelerator's own floor)

The garbage collector is off while a round runs (it would fire at different moments in each).
Printed: min and median seconds per variant, and each variant's ratio to the floor (of the
minima, and the median of the per-round ratios).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from run import corpus  # noqa: E402

from boce_lint.source import accelerator  # noqa: E402
from boce_lint.source.yamlsource import ParseProblem, parse  # noqa: E402


def variants(texts: list[str]) -> dict[str, Callable[[], None]]:
    def floor() -> None:
        for text in texts:
            try:  # noqa: SIM105 - (no context manager in the timed loop)
                yaml.load(text, Loader=yaml.CSafeLoader)
            except yaml.YAMLError:
                pass

    def ours(native: bool) -> Callable[[], None]:
        def run() -> None:
            for text in texts:
                try:  # noqa: SIM105 - (no context manager in the timed loop)
                    parse(text, native=native)
                except ParseProblem:
                    pass
        return run

    chosen = {"floor": floor, "python": ours(False)}
    native = accelerator.load()
    if native is not None:
        def events_only() -> None:
            for text in texts:
                native.count_events(text)

        chosen["accelerator"] = ours(True)
        chosen["libyaml"] = events_only
    return chosen


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--work", type=Path, default=Path("/tmp/boce-bench"))
    ap.add_argument("--documents", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=7)
    args = ap.parse_args()
    folder = corpus(args.work, args.documents)
    texts = [p.read_bytes().decode("utf-8") for p in sorted(folder.rglob("*.yaml"))]
    print(f"{len(texts)} documents, {sum(map(len, texts)) / 1e6:.1f} M characters; "
          f"{accelerator.describe()}")
    runs = variants(texts)
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(args.rounds):
        for name, run in runs.items():
            gc.collect()
            gc.disable()
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
            gc.enable()
    floor = times["floor"]
    print(f"{'':12} {'min s':>8} {'median s':>9} {'min/floor':>10} {'median ratio':>13}")
    for name, spent in times.items():
        ratios = [t / f for t, f in zip(spent, floor, strict=True)]
        print(f"{name:12} {min(spent):8.3f} {statistics.median(spent):9.3f} "
              f"{min(spent) / min(floor):10.3f} {statistics.median(ratios):13.3f}")


if __name__ == "__main__":
    main()
