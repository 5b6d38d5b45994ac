"""Mutation test of the rulebook: break ``fixtures/compliant`` one value at a time.

``fixtures/compliant`` gives no finding at all, so any finding on a mutant means the mutant was
*detected*. The mutations are systematic — for every value of every document: delete its key,
empty a text, shift a date by ±400 days, set a number to 0 and to −1, flip a yes/no, drop a
list item, and drop a whole document (which is what dropping a referenced document or id does
to the documents that name it). Each mutant is checked in-process: the files are parsed and the
rulebook compiled once, only the mutated document is validated again.

    python benchmarks/mutate.py                  # the detection rate per document kind and mutation
    python benchmarks/mutate.py --survivors      # ... and every mutant that gave no finding
    python benchmarks/mutate.py --all            # every mutant, not one per shape (minutes)
    python benchmarks/mutate.py --kind mandaatbesluit --op delete

``benchmarks/must-detect.yaml`` lists the mutants that break a duty of the sources and so must
be detected; ``tests/test_mutants.py`` asserts each of them in the normal test suite, using
:class:`Harness` from this file.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from boce_lint.findings.finding import Finding  # noqa: E402
from boce_lint.rulebook.engine import evaluate  # noqa: E402
from boce_lint.rulebook.rulebook import Rulebook, load_rulebook  # noqa: E402
from boce_lint.source.loader import LoadedFile, assemble, identify  # noqa: E402
from boce_lint.source.model import Document  # noqa: E402
from boce_lint.source.yamlsource import Position, decode, escape_pointer_token, parse  # noqa: E402

FIXTURE = ROOT / "fixtures" / "compliant"
AS_OF = dt.date(2024, 3, 1)  # the as-of date of fixtures/compliant in tests/test_fixtures.py
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FORMAT_KEYS = {"soort", "versie"}  # the file format's own header: the loader's business
OPS = ("delete", "empty", "date+400", "date-400", "zero", "negative", "flip", "drop-item",
       "drop-document")


@dataclass(frozen=True, order=True)
class Mutant:
    """One change to one document: ``file`` relative to the fixture, ``pointer`` a JSON pointer."""

    file: str
    op: str
    pointer: str = ""

    def __str__(self) -> str:
        return f"{self.file}:{self.pointer or '/'} {self.op}"


@dataclass
class Source:
    shown: str
    data: dict[str, Any]
    positions: dict[str, Position]
    document: Document


class Harness:
    """The compliant fixture parsed once and the rulebook compiled once; checks one mutant."""

    def __init__(self, root: Path = FIXTURE, as_of: dt.date = AS_OF,
                 book: Rulebook | None = None) -> None:
        self.root, self.as_of = root, as_of
        self.book = book or load_rulebook()
        self.rules = self.book.top_level()
        self.sources: dict[str, Source] = {}
        for path in sorted(root.rglob("*.yaml")):
            relative = path.relative_to(root).as_posix()
            shown = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)
            parsed = parse(decode(path.read_bytes()))
            loaded = identify(parsed.data, parsed.positions, shown)
            if loaded.document is None or loaded.findings:
                raise SystemExit(f"{shown} is not a clean document of the fixture")
            self.sources[relative] = Source(shown, parsed.data, parsed.positions, loaded.document)

    def kind(self, file: str) -> str:
        return self.sources[file].document.kind

    def findings(self, mutant: Mutant | None = None) -> list[Finding]:
        """Every finding, structural and of the rules, on the fixture with ``mutant`` applied."""
        files = []
        for relative, source in self.sources.items():
            if mutant is None or relative != mutant.file:
                files.append(LoadedFile(source.document))
                continue
            data = apply(source.data, mutant)
            if data is not None:  # else the document is dropped
                # the loader may take invalid values out of the data and move positions
                files.append(identify(data, dict(source.positions), source.shown))
        result = assemble(str(self.root), files)
        return result.findings + evaluate(self.book, result.repository, self.as_of, self.rules)

    def mutants(self, every: bool = False) -> Iterator[Mutant]:
        """Every mutant, or (the default) one per document kind, mutation and *shape*: the
        pointer with its list indices generalised, so the 35 meeting records or the five
        prices of a catalogue do not count 35 or five times what is one test."""
        seen: set[tuple[str, str, str]] = set()
        for relative, source in self.sources.items():
            kind = source.document.kind
            for mutant in [Mutant(relative, "drop-document"),
                           *_mutants_of(relative, source.data, "")]:
                shape = (kind, mutant.op, re.sub(r"/\d+(?=/|$)", "/*", mutant.pointer))
                if every or shape not in seen:
                    seen.add(shape)
                    yield mutant


def _mutants_of(file: str, value: Any, pointer: str) -> Iterator[Mutant]:
    if isinstance(value, dict):
        for key, item in value.items():
            if not pointer and key in FORMAT_KEYS:
                continue
            child = f"{pointer}/{escape_pointer_token(str(key))}"
            yield Mutant(file, "delete", child)
            yield from _mutants_of(file, item, child)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            child = f"{pointer}/{index}"
            yield Mutant(file, "drop-item", child)
            yield from _mutants_of(file, item, child)
    elif isinstance(value, bool):
        yield Mutant(file, "flip", pointer)
    elif isinstance(value, (int, float)):
        if value != 0:
            yield Mutant(file, "zero", pointer)
        yield Mutant(file, "negative", pointer)
    elif isinstance(value, str):
        if DATE.match(value):
            yield Mutant(file, "date+400", pointer)
            yield Mutant(file, "date-400", pointer)
        elif value:
            yield Mutant(file, "empty", pointer)


def _tokens(pointer: str) -> list[str]:
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]


def apply(data: dict[str, Any], mutant: Mutant) -> dict[str, Any] | None:
    """A mutated deep copy of ``data`` (``None`` when the whole document is dropped)."""
    if mutant.op == "drop-document":
        return None
    changed = copy.deepcopy(data)
    *parents, last = _tokens(mutant.pointer)
    node: Any = changed
    for token in parents:
        node = node[int(token)] if isinstance(node, list) else node[token]
    key: Any = int(last) if isinstance(node, list) else last
    if key not in node if isinstance(node, dict) else not 0 <= key < len(node):
        raise KeyError(f"{mutant}: no value at {mutant.pointer}")
    old = node[key]
    if mutant.op in ("delete", "drop-item"):
        del node[key]
    elif mutant.op == "empty":
        node[key] = ""
    elif mutant.op in ("date+400", "date-400"):
        days = 400 if mutant.op == "date+400" else -400
        node[key] = (dt.date.fromisoformat(old) + dt.timedelta(days=days)).isoformat()
    elif mutant.op == "zero":
        node[key] = 0
    elif mutant.op == "negative":
        node[key] = -1
    elif mutant.op == "flip":
        node[key] = not old
    else:
        raise ValueError(f"unknown mutation {mutant.op!r}")
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kind", help="only documents of this kind")
    parser.add_argument("--op", choices=OPS, help="only this mutation")
    parser.add_argument("--survivors", action="store_true", help="list every undetected mutant")
    parser.add_argument("--all", action="store_true",
                        help="every mutant, not one per kind, mutation and shape (slow: minutes)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    harness = Harness()
    if harness.findings():
        print("fixtures/compliant has findings: the mutation test needs a clean start")
        return 2
    total: Counter[tuple[str, str]] = Counter()
    caught: Counter[tuple[str, str]] = Counter()
    survivors: dict[str, list[Mutant]] = defaultdict(list)
    for mutant in harness.mutants(every=args.all):
        kind = harness.kind(mutant.file)
        if args.kind and kind != args.kind or args.op and mutant.op != args.op:
            continue
        total[kind, mutant.op] += 1
        if harness.findings(mutant):
            caught[kind, mutant.op] += 1
        else:
            survivors[kind].append(mutant)
    kinds = sorted({k for k, _ in total})
    ops = [op for op in OPS if any((k, op) in total for k in kinds)]
    width = max(len(k) for k in kinds) if kinds else 10
    print(f"{'kind':<{width}} " + " ".join(f"{op:>13}" for op in ops) + f" {'all':>13}")
    for kind in [*kinds, "all"]:
        cells = []
        for op in [*ops, "all"]:
            keys = [(k, o) for k in (kinds if kind == "all" else [kind])
                    for o in (ops if op == "all" else [op])]
            n, d = sum(total[k] for k in keys), sum(caught[k] for k in keys)
            cells.append(f"{d:>5}/{n:<5} {100 * d / n:>3.0f}%" if n else f"{'-':>13}")
        print(f"{kind:<{width}} " + " ".join(f"{c:>13}" for c in cells))
    if args.survivors:
        for kind in kinds:
            for mutant in survivors[kind]:
                print(f"survivor {kind}: {mutant}")
    n, d = sum(total.values()), sum(caught.values())
    print(f"{d} of {n} mutants detected ({100 * d / max(n, 1):.1f} %) in "
          f"{time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
