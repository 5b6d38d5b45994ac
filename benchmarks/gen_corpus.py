"""Generate a synthetic national-scale corpus of contract repositories (deterministic).

    python benchmarks/gen_corpus.py --out /tmp/corpus --documents 10000

One folder per municipality (342 by default), each one arrangement in which that municipality
is the host (gastheergemeente) for two guest municipalities: a framework agreement
(raamovereenkomst.yaml in the folder itself), 2–6 sub-agreements, by-laws, mandate decisions,
the incident register, the policy agenda, the councils' information needs, and then — as far as
the size allows — four years of meeting records, reporting packages, council information,
evaluations and annexes. The documents are made from the fully compliant fixture
(fixtures/compliant), renamed per municipality, and gaps are sprinkled in: missing fields,
dropped meetings, a few unknown fields, YAML syntax errors and duplicate keys.

The same arguments always give byte-for-byte the same files.
"""

from __future__ import annotations

import argparse
import copy
import random
import shutil
from pathlib import Path
from typing import Any

import yaml

TEMPLATE = Path(__file__).resolve().parent.parent / "fixtures" / "compliant"
MUNICIPALITIES = 342
HOST, GUEST_1, GUEST_2 = "Emmen", "Borger-Odoorn", "Coevorden"

_PREFIXES = ["Ooster", "Wester", "Noorder", "Zuider", "Nieuw", "Oud", "Groot", "Klein", "Hoog",
             "Laag", "Midden", "Over", "Neder", "Boven"]
_STEMS = ["veen", "wolde", "horst", "dam", "broek", "meer", "zijl", "berg", "hoven", "burg",
          "dijk", "hout", "loo", "stein", "beek", "mond", "rade", "wijk", "kerk", "sluis",
          "vaart", "heide", "zand", "land", "haven", "weerd", "donk", "geest", "lo", "ven"]


def municipality_names(count: int) -> list[str]:
    names = [p + s for s in _STEMS for p in _PREFIXES]
    random.Random(42).shuffle(names)
    if count > len(names):
        names += [f"{n}-{i}" for i in range(2, 2 + count // len(names)) for n in names]
    return names[:count]


def load_template() -> dict[str, Any]:
    """Relative path → data of every document of the compliant fixture (stable order)."""
    documents = {}
    for path in sorted(TEMPLATE.rglob("*.yaml")):
        documents[path.relative_to(TEMPLATE).as_posix()] = yaml.safe_load(
            path.read_text(encoding="utf-8"))
    return documents


def _rename(value: Any, names: dict[str, str]) -> Any:
    if isinstance(value, str):
        for old, new in names.items():
            value = value.replace(old, new)
        return value
    if isinstance(value, list):
        return [_rename(v, names) for v in value]
    if isinstance(value, dict):
        return {k: _rename(v, names) for k, v in value.items()}
    return value


def _without_subagreements(data: Any, dropped: list[str]) -> Any:
    """Remove the parts of reports and council information about sub-agreements left out."""
    if isinstance(data, dict):
        return {k: _without_subagreements(v, dropped) for k, v in data.items()}
    if isinstance(data, list):
        return [_without_subagreements(v, dropped) for v in data
                if not (isinstance(v, dict) and v.get("deelovereenkomst") in dropped)]
    return data


def arrangement(template: dict[str, Any], index: int, names: list[str], size: int
                ) -> list[tuple[str, Any]]:
    """The documents (relative path, data) of arrangement ``index``, about ``size`` of them."""
    rng = random.Random(f"arrangement-{index}")
    host = names[index]
    guests = names[(index + 1) % len(names)], names[(index + 2) % len(names)]
    renaming = {HOST: host, GUEST_1: guests[0], GUEST_2: guests[1]}
    docs = {path: _rename(copy.deepcopy(data), renaming) for path, data in template.items()}

    subagreements = rng.randint(2, 6)
    dropped: list[str] = []
    if subagreements == 2:  # inkoop left out, and everything about it
        dropped = ["do-inkoop-2022"]
        docs = {p: d for p, d in docs.items() if "inkoop" not in p}
        docs = {p: _without_subagreements(d, dropped) for p, d in docs.items()}
    base_do = sorted(p for p in docs if p.startswith("deelovereenkomsten/"))
    for extra in range(max(0, subagreements - 3)):
        source = base_do[extra % len(base_do)]
        clone = copy.deepcopy(docs[source])
        suffix = "abcdef"[extra]
        clone["id"] = f"{clone['id']}-{suffix}"
        clone["titel"] = f"{clone['titel']} (perceel {suffix.upper()})"
        docs[source.replace(".yaml", f"-{suffix}.yaml")] = clone

    core_prefixes = ("raamovereenkomst", "deelovereenkomsten/", "verordeningen/",
                     "mandaatbesluiten/", "incidentenregister", "beleidsagenda",
                     "informatiebehoeften/")
    core = [p for p in sorted(docs) if p.startswith(core_prefixes)]
    by_date = lambda p: (docs[p].get("datum") is None, str(docs[p].get("datum")), p)  # noqa: E731
    pools = [
        sorted((p for p in docs if p.startswith("overleggen/") and "contractoverleg" not in p),
               key=by_date),
        sorted((p for p in docs if p.startswith("rapportages/")), key=by_date),
        sorted((p for p in docs if p.startswith("raadsinformatie/")), key=by_date),
        sorted((p for p in docs if "contractoverleg" in p), key=by_date),
        sorted(p for p in docs if p.startswith(("evaluaties/", "bijlagen/"))),
    ]
    optional: list[str] = []
    while any(pools):
        for pool in pools:
            if pool:
                optional.append(pool.pop(0))
    chosen = core + optional
    if len(chosen) > size:
        chosen = core[:size] + optional[: max(0, size - len(core))] if size >= len(core) \
            else core[:size]
    result = [(p, docs[p]) for p in chosen]
    # Larger corpora: more meeting records and monthly reports than the template has.
    meeting = docs.get("overleggen/2022/contractoverleg-ict-2022-03-10.yaml") or \
        docs["overleggen/2022/stuurgroep-2022-02-10.yaml"]
    report = docs["rapportages/2022/pc-rapportage-2022-h1.yaml"]
    extra = 0
    while len(result) < size:
        year, month = 2020 + (extra // 24) % 4, 1 + (extra // 2) % 12
        if extra % 2 == 0:
            clone = copy.deepcopy(meeting)
            clone["id"] = f"werkoverleg-{year}-{month:02d}-{extra}"
            clone["titel"] = f"Werkoverleg {host} {month}/{year}"
            clone["datum"] = f"{year}-{month:02d}-{1 + extra % 27:02d}"
            path = f"overleggen/{year}/werkoverleg-{year}-{month:02d}-{extra}.yaml"
        else:
            clone = copy.deepcopy(report)
            clone["id"] = f"rap-maand-{year}-{month:02d}-{extra}"
            clone["titel"] = f"Periodieke rapportage {host} {month}/{year}"
            clone["type"] = "kwartaalrapportage"
            clone["periode"] = {"van": f"{year}-{month:02d}-01", "tot": f"{year}-{month:02d}-28"}
            path = f"rapportages/{year}/maandrapportage-{year}-{month:02d}-{extra}.yaml"
        result.append((path, clone))
        extra += 1
    return _sprinkle_gaps(result, rng)


_DO_FIELDS = ["werkterrein", "kpis", "leveringsvoorwaarden", "verantwoordelijken", "mandaten",
              "vergoeding", "ondertekening", "versiebeheer"]


def _sprinkle_gaps(docs: list[tuple[str, Any]], rng: random.Random
                   ) -> list[tuple[str, Any]]:
    out = []
    for path, data in docs:
        if data.get("soort") == "deelovereenkomst" and rng.random() < 0.3:
            data = dict(data)
            data.pop(rng.choice(_DO_FIELDS), None)
        elif data.get("soort") == "overleg" and rng.random() < 0.05:
            data = dict(data)
            data.pop("verslag", None)
        elif rng.random() < 0.004:
            data = dict(data)
            data["onbekend_veld"] = "gap: an unknown field"
        out.append((path, data))
    return out


def render(data: Any, rng: random.Random) -> str:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    roll = rng.random()
    if roll < 0.001:  # a broken file: a tab where YAML forbids it
        lines = text.splitlines(keepends=True)
        lines.insert(len(lines) // 2, "\tkapot: [\n")
        text = "".join(lines)
    elif roll < 0.0015:  # a duplicate key
        text += "titel: dubbel\n"
    return text


def generate(out: Path, documents: int, municipalities: int = MUNICIPALITIES) -> int:
    template = load_template()
    municipalities = max(1, min(municipalities, documents // 20 or 1))
    names = municipality_names(municipalities)
    if out.exists():
        shutil.rmtree(out)
    written = 0
    for index in range(municipalities):
        size = documents // municipalities + (1 if index < documents % municipalities else 0)
        folder = out / f"{index + 1:03d}-{names[index].lower()}"
        rng = random.Random(f"render-{index}")
        for relative, data in arrangement(template, index, names, size):
            path = folder / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(render(data, rng), encoding="utf-8")
            written += 1
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="folder to write (replaced)")
    parser.add_argument("--documents", type=int, default=10_000,
                        help="number of documents (default 10000; up to 50000)")
    parser.add_argument("--municipalities", type=int, default=MUNICIPALITIES)
    args = parser.parse_args()
    written = generate(args.out, args.documents, args.municipalities)
    print(f"{written} documents in {args.out}")


if __name__ == "__main__":
    main()
