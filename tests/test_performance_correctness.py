"""What the speed-ups must not change: output byte for byte cold, warm and for any --jobs; a
damaged, foreign or unwritable cache; --no-cache; the checked files untouched; a national
corpus checked per arrangement exactly as each arrangement alone. Nothing here is timed."""

from __future__ import annotations

import copy
import hashlib
import json
import os
import pickle
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from boce_lint.run.cache import CACHE_DIR_NAME
from boce_lint.run.plan import plan
from boce_lint.source.fastschema import python_check, valid_check
from boce_lint.source.loader import _validator
from boce_lint.source.schemas import KIND_NAMES
from boce_lint.source.yamlsource import parse

ROOT = Path(__file__).parents[1]
AS_OF = "2023-01-01"


@pytest.fixture
def env(tmp_path):
    """The user's cache folder (with the cache's signing key) inside the test's folder."""
    environment = dict(os.environ)
    environment["XDG_CACHE_HOME"] = str(tmp_path / "user-cache")
    environment.pop("NO_COLOR", None)
    return environment


@pytest.fixture
def boce(tmp_path):
    target = tmp_path / "boce"
    shutil.copytree(ROOT / "fixtures" / "boce", target,
                    ignore=shutil.ignore_patterns(CACHE_DIR_NAME))
    return target


def check(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "boce_lint", "check", "--as-of", AS_OF, *args],
                          cwd=cwd, env=env, capture_output=True, timeout=300)


def tree_hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()
            and CACHE_DIR_NAME not in p.relative_to(folder).parts}


@pytest.mark.parametrize("output", ["json", "text"])
def test_identical_cold_warm_and_parallel(boce, env, output):
    cwd = boce.parent
    cold = check(cwd, env, "boce", "--format", output)
    assert cold.returncode == 1, cold.stderr
    assert (boce / CACHE_DIR_NAME).is_dir()
    warm = check(cwd, env, "boce", "--format", output)
    parallel = check(cwd, env, "boce", "--format", output, "--jobs", "2", "--no-cache")
    parallel_warm = check(cwd, env, "boce", "--format", output, "--jobs", "2")
    uncached = check(cwd, env, "boce", "--format", output, "--no-cache")
    for run in (warm, parallel, parallel_warm, uncached):
        assert run.stdout == cold.stdout
        assert run.returncode == cold.returncode
        assert run.stderr == b""
    # a re-check after one file changed sees the change, and only that
    meeting = boce / "overleggen" / "2022" / "stuurgroep-2022-02-10.yaml"
    meeting.write_text(meeting.read_text(encoding="utf-8") + "onbekend_veld: 1\n",
                       encoding="utf-8")
    changed = check(cwd, env, "boce", "--format", output)
    fresh = check(cwd, env, "boce", "--format", output, "--no-cache")
    assert changed.stdout == fresh.stdout != cold.stdout


def test_corrupt_and_foreign_cache_entries_are_ignored(boce, env, tmp_path):
    cwd = boce.parent
    cold = check(cwd, env, "boce", "--format", "json")
    entries = sorted((boce / CACHE_DIR_NAME).rglob("*.pickle"))
    assert entries
    for entry in entries:
        entry.write_bytes(entry.read_bytes()[: len(entry.read_bytes()) // 2])  # truncated
    assert check(cwd, env, "boce", "--format", "json").stdout == cold.stdout

    class Boom:  # a pickle that would run code if it were ever loaded
        def __reduce__(self):
            return (os.system, (f"touch {tmp_path / 'pwned'}",))

    for entry in sorted((boce / CACHE_DIR_NAME).rglob("*.pickle")):
        body = pickle.dumps({"name": "x", "stamp": "y", "key": "z", "result": Boom()})
        entry.write_bytes(b"BOCECACHE1\n" + b"\0" * 32 + body)
    again = check(cwd, env, "boce", "--format", "json")
    assert again.stdout == cold.stdout and again.stderr == b""
    assert not (tmp_path / "pwned").exists()


def test_unwritable_cache_dir_warns_once(boce, env, tmp_path):
    cwd = boce.parent
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    expected = check(cwd, env, "boce", "--format", "json", "--no-cache")
    for jobs in ("1", "2"):
        run = check(cwd, env, "boce", "--format", "json", "--jobs", jobs,
                    "--cache-dir", str(blocker / "cache"))
        assert run.stdout == expected.stdout
        warnings = run.stderr.decode().strip().splitlines()
        assert len(warnings) == 1 and "warning" in warnings[0], run.stderr
    assert not (boce / CACHE_DIR_NAME).exists()


def test_no_cache_writes_nothing_and_files_stay_unchanged(boce, env):
    cwd = boce.parent
    before = tree_hashes(boce)
    listing = sorted(p.relative_to(boce).as_posix() for p in boce.rglob("*"))
    check(cwd, env, "boce", "--no-cache")
    check(cwd, env, "boce", "--config", "cache=false")
    assert sorted(p.relative_to(boce).as_posix() for p in boce.rglob("*")) == listing
    check(cwd, env, "boce")  # with the cache: only the cache folder is new
    check(cwd, env, "boce", "--jobs", "2")
    assert tree_hashes(boce) == before
    new = {p.relative_to(boce).parts[0] for p in boce.rglob("*")} - {
        Path(p).parts[0] for p in listing}
    assert new == {CACHE_DIR_NAME}
    assert (boce / CACHE_DIR_NAME / ".gitignore").read_text(encoding="utf-8").endswith("*\n")


@pytest.fixture
def national(tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from gen_corpus import generate
    finally:
        sys.path.pop(0)
    corpus = tmp_path / "land"
    generate(corpus, documents=75, municipalities=3)
    return corpus


def test_national_run_equals_each_arrangement_alone(national, env):
    cwd = national.parent
    folders = sorted(p.name for p in national.iterdir() if p.is_dir())
    assert len(folders) == 3
    groups = plan([national], ("**/*.yaml",), ("**/.*/**",))
    assert [g.root.name for g in groups] == folders
    whole = check(cwd, env, "land", "--format", "json", "--as-of", "2024-03-01")
    parallel = check(cwd, env, "land", "--format", "json", "--as-of", "2024-03-01",
                     "--jobs", "2", "--no-cache")
    assert parallel.stdout == whole.stdout
    findings = json.loads(whole.stdout)["findings"]
    alone = []
    for folder in folders:
        run = check(cwd, env, f"land/{folder}", "--format", "json", "--as-of", "2024-03-01",
                    "--no-cache")
        alone += json.loads(run.stdout)["findings"]
    key = lambda f: (f["file"], f["line"], f["column"], f["rule_id"], f["message"])  # noqa: E731
    assert findings == sorted(alone, key=key)
    assert findings  # the generator sprinkles gaps


def test_plan_keeps_one_repository_unless_every_subfolder_is_an_arrangement(national):
    (national / "notities").mkdir()
    (national / "notities" / "los.yaml").write_text("soort: overleg\n", encoding="utf-8")
    assert len(plan([national], ("**/*.yaml",), ())) == 1
    shutil.rmtree(national / "notities")
    (national / "los.yaml").write_text("soort: overleg\n", encoding="utf-8")
    assert len(plan([national], ("**/*.yaml",), ())) == 1
    (national / "los.yaml").unlink()
    assert len(plan([national], ("**/*.yaml",), ())) == 3
    assert len(plan([ROOT / "fixtures" / "boce"], ("**/*.yaml",), ())) == 1


def _documents() -> list[dict]:
    documents = []
    for path in sorted((ROOT / "fixtures").rglob("*.y*ml")):
        try:
            data = parse(path.read_text(encoding="utf-8")).data
        except Exception:
            continue
        if isinstance(data, dict) and data.get("soort") in KIND_NAMES:
            documents.append(data)
    return documents


def test_compiled_schema_check_agrees_with_jsonschema():
    rng = random.Random(7)
    values = [None, 0, 1, 1.0, 2.5, -3, True, False, "", "x", "2022-01-01", "2022-02-30",
              "2022-1-1", "AB cd", [], {}, [1], {"a": 1}, 10**9, "2024-02-29", "2023-02-29",
              "0000-01-01", "\uff12\uff10\uff12\uff12-01-01", "2022-01-01\n", 7.0, 1e300,
              "[invullen]"]
    checked = 0
    seen: set[str] = set()
    for document in _documents():
        kind = document["soort"]
        variants = [document]
        for _ in range(8):
            variant = copy.deepcopy(document)
            for _ in range(rng.randint(1, 3)):
                node = variant
                for _ in range(rng.randint(0, 4)):
                    if isinstance(node, dict) and node:
                        node = node[rng.choice(sorted(node))]
                    elif isinstance(node, list) and node:
                        node = rng.choice(node)
                if isinstance(node, dict):
                    node[rng.choice(sorted(node) + ["extra"])] = rng.choice(values)
                elif isinstance(node, list):
                    node.append(rng.choice(values))
            variants.append(variant)
        if kind not in seen:  # every value as the version: an enum of numbers, checked in C
            seen.add(kind)
            variants += [{**document, "versie": value} for value in [*values, (1,), [1, 2]]]
        # the check in use (the C accelerator's, when built) and the Python source's
        checks = [valid_check(kind), python_check(kind)]
        assert None not in checks
        for variant in variants:
            expected = _validator(kind).is_valid(variant)
            assert [quick(variant) for quick in checks] == [expected, expected], (kind, variant)
            checked += 1
    assert checked > 500


def test_generator_is_deterministic(tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from gen_corpus import generate
    finally:
        sys.path.pop(0)
    generate(tmp_path / "a", documents=60, municipalities=2)
    generate(tmp_path / "b", documents=60, municipalities=2)
    assert tree_hashes(tmp_path / "a") == tree_hashes(tmp_path / "b")
    assert len(list((tmp_path / "a").rglob("*.yaml"))) == 60
    for path in (tmp_path / "a").rglob("raamovereenkomst.yaml"):
        assert yaml.safe_load(path.read_text(encoding="utf-8"))["soort"] == "raamovereenkomst"


def test_same_size_edit_is_seen_when_the_modification_time_changes(boce, env):
    """Unchanged size and modification time mean unchanged content (files are not re-read);
    an edit that keeps the size still changes the modification time, and is seen."""
    cwd = boce.parent
    old = 1_600_000_000
    for path in boce.rglob("*.yaml"):
        os.utime(path, (old, old))
    first = check(cwd, env, "boce", "--format", "json")
    target = boce / "deelovereenkomsten" / "ict-coevorden.yaml"
    text = target.read_text(encoding="utf-8")
    edited = text.replace("status: ondertekend", "status: ondertekenx", 1)
    assert edited != text and len(edited) == len(text)
    target.write_text(edited, encoding="utf-8")
    second = check(cwd, env, "boce", "--format", "json")
    fresh = check(cwd, env, "boce", "--format", "json", "--no-cache")
    assert second.stdout == fresh.stdout != first.stdout


def _waive_one(corpus: Path, cwd: Path, env: dict[str, str]) -> str:
    """An inline waiver on the line of one finding of one arrangement; the rule it waives."""
    findings = json.loads(check(cwd, env, "land", "--format", "json", "--as-of", "2024-03-01",
                                "--no-cache").stdout)["findings"]
    for finding in findings:
        path = cwd / finding["file"]
        lines = path.read_text(encoding="utf-8").split("\n")
        line = lines[finding["line"] - 1]
        if finding["line"] > 1 and ": " in line and "#" not in line and \
                not line.rstrip().endswith(("|", ">", ":")):
            lines[finding["line"] - 1] = (f'{line}  # boce-lint: negeer {finding["rule_id"]} '
                                          'reden="bekend" eigenaar="team"')
            path.write_text("\n".join(lines), encoding="utf-8")
            return str(finding["rule_id"])
    raise AssertionError("no finding on a plain line")


def test_text_parts_of_arrangements_follow_settings_and_changes(national, env):
    """The text output is made per arrangement and kept in the cache per settings: a run with
    other settings, a changed file or another number of processes never reuses a wrong part."""
    cwd = national.parent
    _waive_one(national, cwd, env)
    variants = [[], ["--lang", "en"], ["--statistics"], ["--as-of", "2022-06-01"],
                ["--select", "DO-"], ["--quiet"], ["--outcome", "violation"], []]
    for jobs, variant in [("1", v) for v in variants] + [("2", variants[1]), ("2", [])]:
        args = ["--as-of", "2024-03-01", *variant, "--jobs", jobs]
        cached = check(cwd, env, "land", *args)
        fresh = check(cwd, env, "land", *args, "--no-cache")
        assert cached.stdout == fresh.stdout and cached.returncode == fresh.returncode, variant
        assert cached.stderr == b""
    plain = check(cwd, env, "land", "--as-of", "2024-03-01", "--no-cache").stdout.decode()
    assert "Uitgezonderd" in plain and "Gevonden" in plain
    meeting = next(national.glob("*/overleggen/**/*.yaml"))
    meeting.write_text(meeting.read_text(encoding="utf-8") + "onbekend_veld: 1\n",
                       encoding="utf-8")
    changed = check(cwd, env, "land", "--as-of", "2024-03-01")
    assert changed.stdout.decode() != plain
    assert changed.stdout == check(cwd, env, "land", "--as-of", "2024-03-01", "--no-cache").stdout
    # a waiver in the configuration relates arrangements: the findings path, the same text
    config = national / "boce-lint.toml"
    config.write_text('[[waivers]]\nrule = "S003"\nfiles = "**"\njustification = "x"\n'
                      'owner = "y"\n', encoding="utf-8")
    waived = check(national, env, ".", "--as-of", "2024-03-01")
    assert waived.stdout == check(national, env, ".", "--as-of", "2024-03-01",
                                  "--no-cache").stdout


def test_a_document_crosses_to_a_worker_with_its_positions():
    """Documents are pickled to and from --jobs workers with their positions packed."""
    from boce_lint.run.pipeline import load_repository

    repository = load_repository([ROOT / "fixtures" / "boce"]).repository
    for document in repository.documents:
        copy_of = pickle.loads(pickle.dumps(document))
        assert copy_of.positions == document.positions
        assert copy_of.data == document.data and copy_of.file == document.file


def test_the_run_index_keeps_text_apart_and_a_damaged_part_is_a_miss(national, env):
    """The text output of an unchanged arrangement comes from the run's index as it was
    written; a text entry that is damaged, missing or foreign is a miss, never wrong output.
    After one file changed, a run writes a small new text entry, not all text again."""
    cwd = national.parent
    args = ["land", "--as-of", "2024-03-01"]
    fresh = check(cwd, env, *args, "--no-cache")
    assert check(cwd, env, *args).stdout == fresh.stdout  # cold, writes the index
    assert check(cwd, env, *args).stdout == fresh.stdout  # warm, from the index
    entries = national / CACHE_DIR_NAME / "v1"

    def texts() -> dict[Path, int]:
        return {p: p.stat().st_size for p in entries.glob("*.pickle")
                if p.read_bytes().startswith(b"BOCERAW1\n")}

    whole = texts()
    assert len(whole) == 1  # every arrangement's part in one entry
    meeting = next(national.glob("*/overleggen/**/*.yaml"))
    meeting.write_text(meeting.read_text(encoding="utf-8") + "onbekend_veld: 1\n",
                       encoding="utf-8")
    changed = check(cwd, env, *args)
    assert changed.stdout == check(cwd, env, *args, "--no-cache").stdout != fresh.stdout
    after = texts()
    assert len(after) == 2 and whole.items() <= after.items()  # the old entry kept as it was
    assert min(after.values()) < max(after.values()) / 2  # the new one: one arrangement's part
    expected = check(cwd, env, *args, "--no-cache").stdout
    for damage in ("flip", "remove"):
        for path in texts():
            if damage == "flip":
                data = bytearray(path.read_bytes())
                data[-2] ^= 1
                path.write_bytes(bytes(data))
            else:
                path.unlink()
        again = check(cwd, env, *args)
        assert (again.stdout, again.stderr) == (expected, b"")


def test_folders_listed_before_are_listed_again_when_they_change(national, env):
    """A warm run does not list a folder whose times are as recorded; a file added, removed
    or renamed, a folder added or removed, changes its folder's time and is seen; a folder
    with a link in it (also a broken one) is always listed."""
    import time

    cwd = national.parent
    args = ["land", "--as-of", "2024-03-01"]
    time.sleep(2.1)  # folders changed in the last two seconds are not kept
    check(cwd, env, *args)
    meeting = next(national.glob("*/overleggen/**/*.yaml"))
    folder = meeting.parent
    steps = [lambda: shutil.copy(meeting, folder / "stuurgroep-extra.yaml"),
             lambda: (folder / "stuurgroep-extra.yaml").rename(folder / "stuurgroep-x.yaml"),
             lambda: (folder / "nieuw").mkdir(),
             lambda: shutil.copy(meeting, folder / "nieuw" / "overleg.yaml"),
             lambda: shutil.rmtree(folder / "nieuw"),
             # a link whose target is missing, then appears elsewhere: its folder is the same
             lambda: (folder / "verwezen.yaml").symlink_to(folder.parent / "doel.dat"),
             lambda: None,  # (a run that would keep the folder's listing, now settled)
             lambda: shutil.copy(meeting, folder.parent / "doel.dat"),
             lambda: meeting.unlink()]
    for step in steps:
        step()
        warm = check(cwd, env, *args)
        fresh = check(cwd, env, *args, "--no-cache")
        assert (warm.stdout, warm.returncode) == (fresh.stdout, fresh.returncode)
        time.sleep(2.1)  # so that this step's folders are kept for the next


def test_findings_kept_in_the_cache_come_back_equal():
    """The cache pickles a group's findings as one ``Packed`` (fields as plain tuples): they
    unpickle as equal findings with the same subject, also a waived one and one without an
    English message (that a warm check prints what a cold one does is tested above)."""
    import dataclasses
    import datetime as dt

    from boce_lint.findings.finding import Finding, Packed, Suppression
    from boce_lint.rulebook.engine import evaluate
    from boce_lint.rulebook.rulebook import load_rulebook
    from boce_lint.run.pipeline import load_repository

    repository = load_repository([ROOT / "fixtures" / "boce"]).repository
    findings = list(evaluate(load_rulebook(), repository, dt.date(2023, 1, 1)))
    assert len(findings) > 50
    waived = Suppression("waiver", "besproken in het contractoverleg", "jurist", "2030-01-01",
                         "boce-lint.toml")
    findings += [dataclasses.replace(findings[0], suppression=waived),
                 dataclasses.replace(findings[1], message_en=None)]
    back = pickle.loads(pickle.dumps(Packed(findings)))
    assert [type(f) for f in back] == [Finding] * len(findings)
    assert back == findings
    assert [f.subject for f in back] == [f.subject for f in findings]
    assert back[-2].suppression == waived and back[-1].message_en is None


ON_A_DAY = r"""
import datetime, sys, types
import boce_lint.run.check as check
day = datetime.date.fromisoformat(sys.argv.pop(1))
class Day(datetime.date):
    @classmethod
    def today(cls):
        return day
check.dt = types.SimpleNamespace(**{**vars(datetime), "date": Day})
from boce_lint.cli import main
sys.argv = ["boce-lint", *sys.argv[1:]]
main()
"""


def test_a_warm_run_on_another_day_judges_as_of_that_day(boce, env):
    """Without --as-of the as-of date is today: the next day's warm run takes nothing from the
    run's index that was judged as of another day (the text a fresh check gives, not the old)."""
    def on(day: str, *args: str) -> bytes:
        done = subprocess.run([sys.executable, "-c", ON_A_DAY, day, "check", "boce", *args],
                              cwd=boce.parent, env=env, capture_output=True, timeout=300)
        assert done.stderr == b"", done.stderr
        return done.stdout

    before = on("2023-01-01")
    assert on("2023-01-01") == before  # (the cache is used)
    later = on("2035-01-01")
    assert later == on("2035-01-01", "--no-cache") != before


def test_a_file_touched_without_a_change_is_taken_by_its_time_again(national, env):
    """A file whose time changed but not its content (touched, checked out again) is read and
    found unchanged once; the run's index then holds its new time, so that the next run takes
    its arrangement by sizes and times alone again: it does not read the file, and does not
    see an edit that keeps both (the contract of the fast path, as for any unchanged file)."""
    cwd = national.parent
    args = ["land", "--as-of", "2024-03-01"]
    old = 1_600_000_000
    for path in national.rglob("*.yaml"):
        os.utime(path, (old, old))
    cold = check(cwd, env, *args)
    target = next(national.glob("*/overleggen/**/*.yaml"))
    os.utime(target, (old + 100, old + 100))  # touched
    assert check(cwd, env, *args).stdout == cold.stdout
    text = target.read_text(encoding="utf-8")
    edited = text.replace("soort: overleg", "soort: overlex", 1)
    assert edited != text and len(edited) == len(text)
    target.write_text(edited, encoding="utf-8")
    os.utime(target, (old + 100, old + 100))  # the size and time the index now holds
    assert check(cwd, env, *args).stdout == cold.stdout
    os.utime(target, (old + 200, old + 200))  # any other time: read, and the edit seen
    fresh = check(cwd, env, *args, "--no-cache")
    assert check(cwd, env, *args).stdout == fresh.stdout != cold.stdout


def test_a_warm_run_reads_a_framework_agreement_again_when_it_changes(national, env):
    """A warm run takes the files of the last walk and each arrangement's framework agreement
    as they were while their folders and the agreement keep their times; an agreement that is
    no longer one (its time changed) makes the corpus one repository, as a fresh check does."""
    import time

    cwd = national.parent
    args = ["land", "--as-of", "2024-03-01", "--format", "json"]
    time.sleep(2.1)  # folders changed in the last two seconds are not kept
    old = 1_600_000_000
    for path in national.rglob("*.yaml"):
        os.utime(path, (old, old))
    first = check(cwd, env, *args)
    assert check(cwd, env, *args).stdout == first.stdout  # the walk and agreements kept
    agreement = next(national.glob("*/raamovereenkomst.yaml"))
    agreement.write_text(agreement.read_text(encoding="utf-8").replace(
        "soort: raamovereenkomst", "soort: overleg", 1), encoding="utf-8")
    warm = check(cwd, env, *args)
    assert warm.stdout == check(cwd, env, *args, "--no-cache").stdout != first.stdout
    assert len(plan([national], ("**/*.yaml",), ())) == 1
