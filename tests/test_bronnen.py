"""The sources registry (rules/bronnen.yaml) against the obligation catalogue and the seed texts."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from boce_lint.source.yamlsource import decode, parse

ROOT = Path(__file__).resolve().parents[1]
BRONNEN = ROOT / "rules" / "bronnen.yaml"
SHARED = Path(__file__).resolve().parents[2] / "shared"
OBLIGATIONS = SHARED / "obligations.md"
SEEDS = SHARED / "seeds"
FIELDS = ("document", "artikel", "citaat", "verplichting", "obligation_en")

needs_shared = pytest.mark.skipif(
    not OBLIGATIONS.is_file(),
    reason=f"the shared folder with obligations.md and the seeds is absent ({SHARED})")


def collapse(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def bronnen() -> dict[str, Any]:
    # the project's own parser: a key written twice is an error here, not silently merged
    data = parse(decode(BRONNEN.read_bytes())).data
    assert isinstance(data, dict) and data, "rules/bronnen.yaml holds no entries"
    return data


def catalogue_keys(markdown: str) -> list[str]:
    """The first cell of every body row of every table, in document order."""
    keys = []
    for line in markdown.splitlines():
        match = re.match(r"^\|\s*([^|]*?)\s*\|", line)
        if not match:
            continue
        cell = match.group(1)
        if cell == "key" or re.fullmatch(r":?-+:?", cell):
            continue  # header and separator rows
        keys.append(cell)
    return keys


@needs_shared
def test_keys_equal_the_catalogue_in_order(bronnen):
    expected = catalogue_keys(OBLIGATIONS.read_text(encoding="utf-8"))
    assert len(expected) > 50  # the table parser found the catalogue
    assert len(expected) == len(set(expected)), "obligations.md repeats a key"
    missing = [k for k in expected if k not in bronnen]
    extra = [k for k in bronnen if k not in expected]
    assert (missing, extra) == ([], []), f"missing in bronnen.yaml: {missing}; not in " \
                                         f"obligations.md: {extra}"
    assert list(bronnen) == expected, "bronnen.yaml lists the keys in another order"


def test_every_entry_is_complete(bronnen):
    problems = []
    for key, entry in bronnen.items():
        if not isinstance(entry, dict):
            problems.append(f"{key}: not a mapping")
            continue
        for name in FIELDS:
            value = entry.get(name)
            if not isinstance(value, str) or not value.strip():
                problems.append(f"{key}: '{name}' missing or empty")
        if "seed" in entry and not isinstance(entry["seed"], str):
            problems.append(f"{key}: 'seed' is not a file name")
    assert problems == []


def test_some_entries_quote_a_seed(bronnen):
    assert sum("seed" in entry for entry in bronnen.values()) > 30


@needs_shared
def test_quotes_occur_in_their_seed(bronnen):
    texts: dict[str, str] = {}
    problems = []
    for key, entry in bronnen.items():
        if "seed" not in entry:
            continue
        seed = SEEDS / entry["seed"]
        if not seed.is_file():
            problems.append(f"{key}: seed file {entry['seed']} does not exist")
            continue
        if seed.name not in texts:
            texts[seed.name] = collapse(seed.read_text(encoding="utf-8"))
        if collapse(entry["citaat"]) not in texts[seed.name]:
            problems.append(f"{key}: citaat not found in {seed.name}: {entry['citaat'][:80]!r}")
    assert problems == [], "\n".join(problems)
