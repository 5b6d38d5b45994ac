"""Loading the same documents again keeps no memory: the language server (``boce-lint server``)
loads a document on every edit for hours, so a cache that grows per document or a reference
the C accelerator forgets to release would grow without bound there.

Measured as a count (``sys.getallocatedblocks``), not a timing: after warm-up rounds (caches
filled), further rounds over the same valid, broken and hostile documents may not leave behind
more than one block per five loads (they settle at a few blocks a round). A leak of one object
per document leaves one or more per load.
"""

from __future__ import annotations

import contextlib
import gc
import random
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from boce_lint.source import accelerator
from boce_lint.source.loader import assemble, load_file
from boce_lint.source.yamlsource import ParseProblem, parse

ROOT = Path(__file__).resolve().parents[1]
WARM_UP, ROUNDS = 6, 16
TOKENS = ["soort: ", "versie: 2", "id: x", "\n", "  ", "- ", ": ", "[", "]", "{", "}", ", ",
          "&a ", "*a", "!!str ", "!x ", "<<: ", "? ", "|", ">-", "'", '"', "#", "\t", "\r\n",
          "\x00", "\x85", "2015-02-30", ".nan", "0x1F", "~", "ja", "deelovereenkomst", "kpis"]
HOSTILE = ["a: " + "[" * 300, "- " * 200 + "x", "x: &a [1, 2]\ny: [*a, *a, *a]\n",
           "{a: 1, a: 2}", "<<: {a: 1}", "a: .nan", "a: !!python/object:os.system x",
           "x: " + "y" * 100_000, "\ufeffsoort: overleg\n", "a: 1\n---\nb: 2\n"]


def _texts() -> list[str]:
    rng = random.Random(20261130)
    fixtures = sorted((ROOT / "fixtures").rglob("*.yaml"))[::6]
    soup = ["".join(rng.choice(TOKENS) for _ in range(rng.randint(1, 40))) for _ in range(150)]
    return [f.read_text(encoding="utf-8") for f in fixtures] + soup + HOSTILE


def _growth(load_all: Callable[[], None]) -> int:
    """Blocks still allocated after ROUNDS more rounds than after WARM_UP rounds (which fill
    the caches and the interpreter's free lists: what is left grows a few blocks a round)."""
    for _ in range(WARM_UP):
        load_all()
    gc.collect()
    before = sys.getallocatedblocks()
    for _ in range(ROUNDS):
        load_all()
    gc.collect()
    return sys.getallocatedblocks() - before


@pytest.mark.parametrize("native", [
    pytest.param(True, marks=pytest.mark.skipif(accelerator.load() is None,
                                                reason="the C accelerator is not built")),
    False], ids=["accelerator", "python"])
def test_parsing_again_keeps_no_memory(native):
    texts = _texts()

    def load_all() -> None:
        for text in texts:
            for is_json in (False, True):
                with contextlib.suppress(ParseProblem):
                    parse(text, is_json=is_json, native=native)

    parses = ROUNDS * len(texts)  # as YAML; most JSON attempts stop before the composer
    assert _growth(load_all) < parses // 5, f"memory grows over {parses} parses"


def test_loading_again_keeps_no_memory():
    raws = [text.encode("utf-8", "surrogatepass") for text in _texts()]

    def load_all() -> None:
        for raw in raws:
            loaded = load_file(Path("x.yaml"), "x.yaml", raw)
            assemble(".", [loaded])

    loads = ROUNDS * len(raws)
    assert _growth(load_all) < loads // 5, f"memory grows over {loads} loads"
