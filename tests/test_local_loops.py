"""Untraced loops that bind their item as a Python local (dsl/expressions.py ``_local_loop``)
decide exactly as loops that give each item its environment: the same findings, on the
fixtures with the built-in rules and on generated rules."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_properties import built_rules, compile_only, repositories, typed

from boce_lint.dsl import runtime as dsl_runtime
from boce_lint.dsl.expressions import ExpressionCompiler
from boce_lint.dsl.settle import SettleCompiler
from boce_lint.rulebook.engine import evaluate
from boce_lint.rulebook.rulebook import load_rulebook
from boce_lint.run.pipeline import load_repository
from boce_lint.source.loader import assemble, load_file
from boce_lint.source.model import Repository

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = [("boce", "2023-01-01"), ("bijlage3", "2010-06-01"), ("bijlage3", "2011-06-01"),
            ("compliant", "2024-03-01"), ("coevorden", "2024-03-01"),
            ("principles", "2024-03-01")]


def without_local_loops(text: str) -> Any:
    """The rulebook of ``text`` compiled without local loops, settling and rows: the form the
    tests compare the generated code against."""
    ExpressionCompiler.local_loops = False
    try:
        return compile_only(text)[0]
    finally:
        ExpressionCompiler.local_loops = True


_HEAD = 'regel T-001 gebouwd\n  titel "t"\n  bron RO-4.2\n  ernst fout\n'


def _both_forms(text: str) -> tuple[Any, Any]:
    """The rulebook of ``text`` as the compiler makes it (it must compile) and without local
    loops: the two forms a test compares."""
    book, errors = compile_only(text)
    assert not errors, (text, [e.headline() for e in errors])
    return book, without_local_loops(text)


def _shown(findings: list[Any]) -> list[tuple[Any, ...]]:
    return [(f.rule_id, f.outcome, f.file, f.line, f.column, f.message, f.message_en)
            for f in findings]


def _found_alike(book: Any, plain: Any, repositories: Any, dates: tuple[dt.date, ...],
                 budget: int | None = None, text: str = "") -> int:
    """Both forms of a rule on every repository and date under the step budget (the usual
    one when None): the same findings, the budget reached at the same point; how many
    findings there were."""
    saved, found = dsl_runtime.STEP_BUDGET, 0
    dsl_runtime.STEP_BUDGET = saved if budget is None else budget
    try:
        for repository in repositories:
            for as_of in dates:
                shown = _shown(evaluate(book, repository, as_of))
                assert shown == _shown(evaluate(plain, repository, as_of)), text
                found += len(shown)
    finally:
        dsl_runtime.STEP_BUDGET = saved
    return found


def test_builtin_rules_find_the_same_with_and_without_local_loops(
        monkeypatch: pytest.MonkeyPatch) -> None:
    with_locals = load_rulebook(cache=False)
    assert "for _t" in with_locals.get("DO-008").source  # the form under test is generated
    monkeypatch.setattr(ExpressionCompiler, "local_loops", False)
    without = load_rulebook(cache=False)
    assert "for _t" not in without.get("DO-008").source
    total = 0
    for name, as_of in FIXTURES:
        repository = load_repository([ROOT / "fixtures" / name]).repository
        date = dt.date.fromisoformat(as_of)
        found = _shown(evaluate(with_locals, repository, date))
        assert found == _shown(evaluate(without, repository, date)), name
        total += len(found)
    assert total > 100


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(built_rules())
def test_generated_rules_find_the_same_with_and_without_local_loops(text: str) -> None:
    book, errors = compile_only(text)
    if errors:
        return
    plain = without_local_loops(text)
    for repository in repositories():
        for as_of in (dt.date(2024, 1, 1), dt.date(1900, 1, 1)):
            assert _shown(evaluate(book, repository, as_of)) == \
                _shown(evaluate(plain, repository, as_of)), text


@st.composite
def settled_rules(draw: Any) -> str:
    """Rules whose loops can be settled (dsl/settle.py): requirements, 'als' and loops over
    lists after a binder, no 'laat'; conditions over the loops' items as well."""
    binders = draw(st.sampled_from([
        ["d"], ["d waarvoor aanwezig d.kpis"], ["d", "k"], ["d", "k waarvoor aanwezig k.naam"],
        ["d", "v"], ["d", "k", "v"], ["d", "x"], ["d", "x", "k"], ['d', 'k', 'x waarvoor x != "b"'],
        ["d", "y"], ["d", "k", "y waarvoor y != 2"]]))
    names = {"d": "elke deelovereenkomst d", "k": "elke kpi k in d.kpis",
             "v": "elke verantwoordelijke v in d.verantwoordelijken",
             "x": 'elk onderdeel x in ["a", "b", "c"]', "y": "elk onderdeel y in [1, 2, 3]"}
    atoms = ["aanwezig k.streefwaarde", "aanwezig k.eenheid", "k.streefwaarde > 3",
             'k.eenheid = "%"', "aanwezig v.naam", "v.partij = d.gastheergemeente",
             "v.partij in d.gastgemeenten",
             "een verantwoordelijke w in d.verantwoordelijken voldoet aan w.partij = v.partij",
             "alle kpi q in d.kpis voldoet aan q.naam != k.naam",
             "aanwezig d.raamovereenkomst.titel", 'x = "a"', 'x != "b"', 'x = "c" en waar',
             'lengte(veld(d.kpis, "naam")) > 1 of x = "b"', "y != 2", "y = 2 of waar", "y > 1",
             "lengte(k.naam) > 12",
             'kleine_letters(v.naam) bevat "a"',
             "een kpi q in d.kpis voldoet aan lengte(q.naam) > lengte(k.naam)"]
    def condition(bound: set[str]) -> str:
        usable = [a for a in atoms if all(f"{n}." not in a or n in bound for n in "kv")
                  and all(f"{n} " not in a or n in bound for n in "xy")]
        parts = [draw(typed("waarheid", 2))]
        for _ in range(draw(st.integers(0, 2))):
            parts.append(draw(st.sampled_from(usable)))
        return "(" + parts[0] + "".join(
            f"{draw(st.sampled_from([' en ', ' of ']))}({p})" for p in parts[1:]) + ")"

    split = draw(st.integers(1, len(binders)))
    lines = ["voor " + ", ".join(names[b[0]] + b[1:] for b in binders[:split]) + ":"]
    first = {b[0] for b in binders[:split]}
    for _ in range(draw(st.integers(0, 2))):
        keyword = draw(st.sampled_from(["vereist", "bewijs", "als"]))
        lines.append(f"{keyword} {condition(first)}" + (":" if keyword == "als" else ""))
    if split < len(binders):
        lines.append("voor " + ", ".join(names[b[0]] + b[1:] for b in binders[split:]) + ":")
    bound = {b[0] for b in binders}
    lines.append(f"vereist {condition(bound)}")
    body = "\n".join("  " + line for line in lines)
    shown = "".join(f" {{{b}.naam}}" for b in ("k", "v") if b in bound)
    return (f'regel T-001 gebouwd\n  titel "t"\n  bron RO-4.2\n  ernst fout\n'
            f'  melding "{{d.id}}{shown}"\n{body}\n')


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(settled_rules(), st.sampled_from([500_000, 40, 7]))
def test_settled_loops_find_the_same_as_loops_with_environments(text: str, budget: int) -> None:
    """The same findings, and the same step budget reached at the same point."""
    book, errors = compile_only(text)
    assume(not errors)  # (nested quantifiers may reuse a name)
    plain = without_local_loops(text)
    _found_alike(book, plain, repositories(), (dt.date(2024, 1, 1), dt.date(1900, 1, 1)),
                 budget, text)


def test_loops_are_settled_at_all(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests above compare loops with and without settling; this one makes sure that the
    loops of a rule of that shape are settled at all: the loop over parts, its written-out list
    of constants with a 'waarvoor', and the subject loop get a predicate each."""
    settled: list[int] = []
    original = SettleCompiler.settle_loops

    def counting(self: SettleCompiler, statements: Any, scope: Any, switched: Any) -> None:
        original(self, statements, scope, switched)
        settled.append(len(self.settles))

    monkeypatch.setattr(SettleCompiler, "settle_loops", counting)
    _, errors = compile_only(
        'regel T-001 gebouwd\n  titel "t"\n  bron RO-4.2\n  ernst fout\n  melding "{d.id}"\n'
        '  voor elke deelovereenkomst d, elke kpi k in d.kpis,\n'
        '      elk onderdeel x in ["a", "b"] waarvoor x != "b":\n'
        '    vereist aanwezig k.streefwaarde of x = "a"\n')
    assert not errors
    assert sum(settled) == 3


PLACEHOLDER_RULE = """regel T-001 gebouwd
  titel "t"
  bron RO-placeholders
  ernst fout
  melding "{d.id}: {w}"
  voor elke deelovereenkomst d, elke waarde w in waarden(d):
    vereist niet invultekst w
"""


def test_a_placeholder_loop_finds_the_same_as_a_walk_over_every_leaf(tmp_path: Path) -> None:
    """A loop requiring only ``niet invultekst`` visits only the texts that may be
    placeholders (support.placeholder_leaves): the same findings as the loop over every leaf,
    and the budget reached at the same point (before, between and after its findings)."""
    book, errors = compile_only(PLACEHOLDER_RULE)
    assert not errors and "placeholder_leaves(" in book.get("T-001").source
    plain = without_local_loops(PLACEHOLDER_RULE)
    assert "placeholder_leaves(" not in plain.get("T-001").source
    folder = tmp_path / "compliant"
    shutil.copytree(ROOT / "fixtures" / "compliant", folder,
                    ignore=shutil.ignore_patterns(".boce-lint-cache"))
    for name in ("ict.yaml", "sociale-zaken.yaml"):
        target = folder / "deelovereenkomsten" / name
        text = target.read_text(encoding="utf-8")
        target.write_text(text.replace("\ntitel: ", "\ntitel: TODO ", 1), encoding="utf-8")
    repository = load_repository([folder]).repository
    date = dt.date(2024, 3, 1)
    saved, outcomes = dsl_runtime.STEP_BUDGET, set()
    try:
        for budget in (500_000, *range(1, 3000, 37)):
            dsl_runtime.STEP_BUDGET = budget
            found = _shown(evaluate(book, repository, date))
            assert found == _shown(evaluate(plain, repository, date)), budget
            outcomes.add(tuple(f[1].value for f in found))
    finally:
        dsl_runtime.STEP_BUDGET = saved
    assert {("missing-evidence",), ("violation", "missing-evidence"),
            ("violation", "violation", "missing-evidence"), ("violation", "violation")} <= outcomes
@st.composite
def document_loop_rules(draw: Any) -> str:
    """Rules whose counts, quantifiers and folds run over the documents of a kind inside outer
    loops (subjects, list items, years): their items are locals, and what depends on the item
    alone is made once per evaluation (dsl/localloops.py ``_document_loop``)."""
    outer = draw(st.sampled_from([["d"], ["d", "a"], ["d", "j"], ["d", "a", "j"], ["d", "k"]]))
    names = {"d": "elke deelovereenkomst d", "a": "elke afspraak a in d.overlegstructuur",
             "j": "elk volledig kalenderjaar j in werking van d",
             "k": "elke kpi k in d.kpis"}
    bound = set(outer)
    meeting = ['o.status != "afgelast"', "aanwezig o.verslag", 'o.orgaan = "stuurgroep"',
               'kleine_letters(o.orgaan) bevat "overleg"', "o.datum >= d.ingangsdatum",
               "o.datum <= peildatum", "lengte(o.agenda) > 1", "jaar(o.datum) > 2019",
               "een punt x in o.agenda voldoet aan aanwezig x.onderwerp",
               "o.id = d.id", "o.datum < d.ingangsdatum + 2 jaren"]
    if "j" in bound:
        meeting += ["jaar(o.datum) = j", "jaar(o.datum) + 1 = j"]
    if "a" in bound:
        meeting += ["kleine_letters(o.orgaan) = kleine_letters(a.orgaan)",
                    "o.orgaan = a.orgaan"]
    if "k" in bound:
        meeting += ["aanwezig k.naam en o.titel = k.naam"]
    council = ["ri.type in [\"begroting\", \"jaarstukken\"]", "aanwezig ri.gemeente",
               "ri.gemeente in d.gastgemeenten", "jaar(ri.datum) >= 2019",
               "een onderdeel x in ri.onderdelen voldoet aan x.deelovereenkomst = d.id",
               "een onderdeel x in ri.onderdelen voldoet aan x.deelovereenkomst.titel = d.titel",
               "een onderdeel x in ri.onderdelen voldoet aan (aanwezig x.deelovereenkomst.vervangt"
               " en d.id in x.deelovereenkomst.vervangt)",
               "een onderdeel x in ri.onderdelen voldoet aan in_werking(x.deelovereenkomst, 2021)",
               "een onderdeel x in ri.onderdelen voldoet aan aanwezig x.deelovereenkomst.besluit",
               "een onderdeel x in ri.onderdelen voldoet aan ontbreekt x.deelovereenkomst.titel"]
    if "j" in bound:
        council += ["jaar(ri.datum) = j", "ri.jaar = j"]

    def conjunction(atoms: list[str]) -> str:
        parts = [draw(st.sampled_from(atoms)) for _ in range(draw(st.integers(1, 3)))]
        return "(" + "".join(
            (draw(st.sampled_from([" en ", " of "])) if i else "") + f"({p})"
            for i, p in enumerate(parts)) + ")"

    loops = [lambda: f"(aantal overleg o waarvoor {conjunction(meeting)}) > 1",
             lambda: f"een overleg o voldoet aan {conjunction(meeting)}",
             lambda: f"alle overleg o voldoet aan {conjunction(meeting)}",
             lambda: f"een raadsinformatie ri voldoet aan {conjunction(council)}",
             lambda: f"geen raadsinformatie ri voldoet aan {conjunction(council)}",
             lambda: f"(maximum jaar(o.datum) over overleg o waarvoor {conjunction(meeting)}) "
                     "> 2020",
             lambda: "een deelovereenkomst e voldoet aan e.id != d.id en aanwezig "
                     "e.besluit"]
    if "k" not in bound:
        loops.append(lambda: "een kpi q in d.kpis voldoet aan (aantal overleg o waarvoor "
                             f"{conjunction(meeting)}) > 0")
    if draw(st.booleans()):  # a 'waarvoor' decided before the subject gets an environment
        names["d"] += " waarvoor " + draw(st.sampled_from([
            "aanwezig d.overlegstructuur", 'd.status = "ondertekend"',
            '"Emmen" in d.gastgemeenten', "aanwezig d.besluit",
            "d.ingangsdatum <= peildatum - 3 jaren", "d.einddatum >= 2021-01-01",
            f"een overleg o voldoet aan {conjunction(meeting[:8])}",
            f"(aantal raadsinformatie ri waarvoor {conjunction(council[:4])}) > 2",
            "een kpi q in d.kpis voldoet aan aanwezig q.streefwaarde"]))
    lines = ["voor " + ", ".join(names[b] for b in outer) + ":"]
    shown = ""
    if draw(st.booleans()):
        lines.append(f"laat n = aantal overleg o waarvoor {conjunction(meeting)}")
        loops.append(lambda: "n >= 2")
        shown = " {n}"
    for _ in range(draw(st.integers(0, 2))):
        keyword = draw(st.sampled_from(["vereist", "bewijs", "als"]))
        lines.append(f"{keyword} {draw(st.sampled_from(loops))()}"
                     + (":" if keyword == "als" else ""))
    lines.append(f"vereist {draw(st.sampled_from(loops))()}")
    body = "\n".join("  " + line for line in lines)
    return (f'regel T-001 gebouwd\n  titel "t"\n  bron RO-4.2\n  ernst fout\n'
            f'  melding "{{d.id}}{shown}"\n{body}\n')


def _document_repositories() -> list[Any]:
    """Many meetings (boce), the same with a concept of every sub-agreement next to it (no
    records of execution for a concept: principle 3), and schema-invalid documents."""
    found = _REPOSITORIES
    if not found:
        files = []
        for path in sorted((ROOT / "fixtures" / "boce").rglob("*.yaml")):
            text = path.read_text(encoding="utf-8")
            files.append(load_file(path, path.as_posix(), text.encode()))
            if "soort: deelovereenkomst" in text:
                text = re.sub(r"(?m)^id: (.*)$", r"id: \1-concept", text)
                text = re.sub(r"(?m)^status: .*$", "status: concept", text)
                files.append(load_file(path, path.as_posix() + "-concept", text.encode()))
        dangling = ("soort: raadsinformatie\nversie: 2\nid: ri-verwijst-nergens\ntitel: x\n"
                    "gemeente: Emmen\ndatum: 2021-03-01\ntype: begroting\nonderdelen:\n"
                    "  - deelovereenkomst: do-bestaat-niet\n    kosten: x\n")
        files.append(load_file(Path("ri.yaml"), "ri.yaml", dangling.encode()))
        found += [load_repository([ROOT / "fixtures" / "boce"]).repository,
                  assemble("<concepten>", files).repository, *repositories()]
    return found


_REPOSITORIES: list[Any] = []


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(document_loop_rules(), st.sampled_from([500_000, 2_000, 300, 40]))
def test_loops_over_documents_find_the_same_as_loops_with_environments(
        text: str, budget: int) -> None:
    """The same findings, and the step budget reached at the same point, whether the items of
    a loop over documents are locals with rows or get their environments."""
    book, plain = _both_forms(text)
    _found_alike(book, plain, _document_repositories(),
                 (dt.date(2024, 1, 1), dt.date(2021, 6, 1), dt.date(1900, 1, 1)), budget, text)


def test_loops_over_documents_make_rows() -> None:
    """The test above compares loops over documents with and without rows; this one makes sure
    that rows are made at all: what depends on the meeting alone is in its row, what depends
    on the year or the arrangement is not."""
    book, errors = compile_only(
        'regel T-001 gebouwd\n  titel "t"\n  bron RO-4.2\n  ernst fout\n  melding "{d.id}"\n'
        '  voor elke deelovereenkomst d, elke afspraak a in d.overlegstructuur,\n'
        '      elk volledig kalenderjaar j in werking van d:\n'
        '    laat n = aantal overleg o waarvoor kleine_letters(o.orgaan) = '
        'kleine_letters(a.orgaan) en jaar(o.datum) = j en o.status != "afgelast"\n'
        '    vereist n >= a.minimaal_per_jaar\n')
    assert not errors
    source = book.rules[0].source
    row = source[source.index("\ndef row"):source.index("\ndef fast_count")]
    assert "'orgaan'" in row and "'datum'" in row and "'afgelast'" in row
    assert "env" not in row and "'j'" not in row
    assert "document_rows(env, row" in source


@pytest.mark.parametrize("condition", [
    "een raadsinformatie ri voldoet aan een onderdeel x in ri.onderdelen voldoet aan "
    "ontbreekt x.deelovereenkomst.titel",
    "(aantal raadsinformatie ri waarvoor een onderdeel x in ri.onderdelen voldoet aan "
    "x.deelovereenkomst.titel = d.titel) > 1",
    "alle raadsinformatie ri voldoet aan alle onderdeel x in ri.onderdelen voldoet aan "
    "in_werking(x.deelovereenkomst, 2021)",
])
def test_references_in_loops_over_documents_find_the_same(condition: str) -> None:
    """A reference followed inside a loop over documents (``deref_field``, ``follow``), also
    one that points nowhere: the same findings with and without locals."""
    text = (_HEAD +
            f'  melding "{{d.id}}"\n  voor elke deelovereenkomst d:\n    laat ok = {condition}\n'
            '    vereist ok\n')  # ('laat' is untraced only: no traced form decides again)
    book, plain = _both_forms(text)
    assert "document_rows(" in book.rules[0].source  # the form under test is generated
    assert _found_alike(book, plain, _document_repositories(),
                        (dt.date(2024, 1, 1), dt.date(2021, 6, 1))) > 0


@pytest.mark.parametrize("budget", [3, 10, 30, 60, 500_000])
def test_a_test_counts_the_steps_of_a_part_it_cannot_skip(budget: int) -> None:
    """``holds`` (dsl/expressions.py) evaluates the right side of 'en' when the left is
    unknown, as the three-valued form does, if that side counts steps: the same point where
    the budget runs out. Sub-agreements without an end date make the left side unknown."""
    text = (_HEAD +
            '  melding "{d.id}"\n  voor elke deelovereenkomst d:\n'
            '    als (d.einddatum > 2020-01-01) en (aantal overleg o waarvoor waar) > 1 en '
            '(een kpi k in d.kpis voldoet aan aanwezig k.naam):\n'
            '      vereist d.einddatum < d.ingangsdatum\n')
    book, plain = _both_forms(text)
    _found_alike(book, plain, _document_repositories()[:1], (dt.date(2024, 1, 1),), budget)


@pytest.mark.parametrize("condition", [
    "een raadsinformatie ri voldoet aan ri.datum >= d.besluit.datum",
    "(aantal overleg o waarvoor o.datum >= d.besluit.datum of o.id = d.raamovereenkomst.id) > 0",
    "alle kpi k in d.kpis voldoet aan aanwezig k.naam en d.besluit.datum < 2021-01-01",
])
def test_outer_paths_read_through_the_environment_in_local_loops(condition: str) -> None:
    """A path of a variable bound outside a local loop that exists only once signed or
    follows a reference is read in the loop with ``read_path`` over the outer environment (the
    item stays a local): the same findings with and without locals, also for a concept whose
    field passes it over."""
    text = (_HEAD +
            f'  melding "{{d.id}}"\n  voor elke deelovereenkomst d:\n    laat ok = {condition}\n'
            '    vereist ok\n')
    book, plain = _both_forms(text)
    source = book.rules[0].source
    loop = source[source.index("\ndef fast_"):]
    assert "read_path(env, 'd'" in loop[:loop.index("\ndef ", 1)]  # the form under test
    assert _found_alike(book, plain, _document_repositories(),
                        (dt.date(2024, 1, 1), dt.date(2021, 6, 1))) > 0


def _pointing_to_concepts() -> Any:
    """The repositories of ``_document_repositories`` with council information whose parts
    point to a concept sub-agreement: reading a signed field through such a reference passes
    the item over (NotJudged about a document bound nowhere)."""
    text = ("soort: raadsinformatie\nversie: 2\nid: ri-concepten\ntitel: x\ngemeente: Emmen\n"
            "datum: 2021-03-01\ntype: begroting\nonderdelen:\n"
            + "".join(f"  - deelovereenkomst: {name}\n    kosten: x\n" for name in (
                "do-ict-bo-2015-concept", "do-ict-co-2015", "do-sz-bo-2015-concept",
                "do-sz-co-2015")))
    extra = load_file(Path("ri-concepten.yaml"), "ri-concepten.yaml", text.encode()).document
    assert extra is not None
    base = _document_repositories()[1]
    repository = Repository(root=base.root, unseen=dict(base.unseen))  # a copy: the cached
    for document in (*base.documents, extra):  # repositories serve the other tests unchanged
        repository.add(document)
    return repository


@pytest.mark.parametrize("binders", [
    "elke raamovereenkomst r, elke partij p in r.partijen waarvoor p.rol = \"gastgemeente\"",
    "elke deelovereenkomst d, elke kpi k in d.kpis waarvoor aanwezig k.streefwaarde en "
    "k.naam != d.titel",
    "elke raadsinformatie ri, elk onderdeel x in ri.onderdelen waarvoor x.deelovereenkomst.titel"
    " != \"\"",
    "elke raadsinformatie ri, elk onderdeel x in ri.onderdelen, elke deelovereenkomst d "
    "waarvoor d.id = x.deelovereenkomst en x.deelovereenkomst.besluit.datum <= d.ingangsdatum",
    "elke raadsinformatie ri, elk onderdeel x in ri.onderdelen, elk onderdeel y in "
    "ri.onderdelen waarvoor y.deelovereenkomst = x.deelovereenkomst en "
    "x.deelovereenkomst.besluit.datum > 2000-01-01",
])
@pytest.mark.parametrize("budget", [500_000, 300, 40, 9])
def test_a_waarvoor_decided_before_the_item_gets_its_environment(binders: str,
                                                                   budget: int) -> None:
    """A loop that is not settled (a 'laat' follows) decides its 'waarvoor' with the item a
    Python local first (settle.py ``prefilter``): for the documents of a kind and for the
    items of a list, with outer paths through references to concepts. The same findings, and
    the budget reached at the same point."""
    var = re.findall(r"(?:elke?|elk) \w+ (\w+)", binders)[-1]
    text = (_HEAD +
            f'  melding "{{{var}}}"\n  voor {binders}:\n    laat w = {var}\n'
            '    vereist ontbreekt w\n')
    book, plain = _both_forms(text)
    source = book.rules[0].source
    assert "        try:\n            if not (" in source  # the form under test is generated
    assert _found_alike(book, plain, (*_document_repositories(), _pointing_to_concepts()),
                        (dt.date(2024, 1, 1), dt.date(2021, 6, 1)), budget) > 0


@pytest.mark.parametrize("statement", [
    "vereist een raadsinformatie ri voldoet aan ri.gemeente = \"Emmen\" en jaar(ri.datum) = j",
    "bewijs een overleg o voldoet aan jaar(o.datum) = j",
    "vereist (aantal overleg o waarvoor jaar(o.datum) = j) > 1",
    "termijn datum(j, 6, 30)\n    vereist een overleg o voldoet aan jaar(o.datum) = j",
    "termijn datum(j + 1, 1, 31)",
])
@pytest.mark.parametrize("budget", [500_000, 200, 40])
def test_a_requirement_that_locates_nothing_is_decided_once(statement: str,
                                                           budget: int) -> None:
    """A requirement or term that reads no field of a subject has nothing to locate: it is
    decided once, untraced, not again with a trace (dsl/compiler.py ``statement_Require``,
    ``statement_Deadline``). The same findings, and the budget reached at the same point."""
    text = (_HEAD +
            '  melding "{d.id} {j}"\n  voor elke deelovereenkomst d,\n'
            '      elk volledig kalenderjaar j in werking van d:\n'
            f'    {statement}\n')
    book, plain = _both_forms(text)
    assert "ctx.trace = []" not in book.rules[0].source  # the form under test is generated
    assert "ctx.trace = []" in plain.rules[0].source
    assert _found_alike(book, plain, _document_repositories(),
                        (dt.date(2024, 1, 1), dt.date(2021, 6, 1)), budget) > 0


@pytest.mark.parametrize("condition", [
    "een versie v in d.versiebeheer voldoet aan aanwezig versie_op(d, v.datum).dienstverlening",
    "alle versie v in d.versiebeheer voldoet aan \"x\" in veld(versie_op(d, "
    "max(v.ingangsdatum, v.datum)).dienstverlening, \"naam\")",
    "een kpi k in d.kpis voldoet aan versie_op(d, 2021-06-01).titel = k.naam",
])
def test_a_field_of_a_computed_value_is_read_plainly(condition: str) -> None:
    """A field of a value a function computed (``versie_op(d, j).dienstverlening``) is read
    with plain lookups in untraced code (access.py ``_dereferenced``), so the loop around it
    keeps its items as locals: the same findings as with environments."""
    text = (_HEAD +
            f'  melding "{{d.id}}"\n  voor elke deelovereenkomst d:\n    laat ok = {condition}\n'
            '    vereist ok\n')
    book, plain = _both_forms(text)
    source = book.rules[0].source
    assert "def fast_quantifier" in source and "field(env, Bound(" not in source
    assert "field(env, Bound(" in plain.rules[0].source
    assert _found_alike(book, plain, _document_repositories(),
                        (dt.date(2024, 1, 1), dt.date(2021, 6, 1))) > 0
