"""Benchmark boce-lint against the parse floor and Rego, in one run on the same files.

    pip install -r benchmarks/requirements.txt
    python benchmarks/run.py --work /tmp/boce-bench --sizes 5000,10000,50000

For each size a corpus is generated (benchmarks/gen_corpus.py, once) and measured:

  (a) floor      PyYAML's C loader (yaml.load, CSafeLoader) merely parsing every file
  (b) cold       ``boce-lint check CORPUS`` without a cache (text output to /dev/null)
  (c) warm       the same after one file changed (the cache of (b) in place)
  (d) jobs 2     ``--jobs 2`` cold (no cache)
  (e) rules      ten core rules per document: boce-lint's compiled rules, the same rules in
                 Rego evaluated with regopy's compiled bundle, as plain Python functions, and
                 as a Spectral ruleset (optional, needs node and npm; spectral_run.py) in
                 process and as ``spectral lint`` against ``boce-lint check`` on the same files
  (f) start-up   ``boce-lint --version``, and the shipped example (fixtures/boce) cold and
                 warm: min and median of interleaved rounds (``--startup-only``: just this)
  (g) memory     peak RSS of each run

Every command line run is a fresh process, timed from start to exit (wall clock). (a)-(d) run
in interleaved rounds (``--repeat``), so that a busy spell of a shared machine falls on all of
them alike; the min of each figure, its ratios, and the median of each round's own ratios are
printed, and written as JSON next to the corpora.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
AS_OF = "2024-03-01"
BOCE_LINT = [sys.executable, "-m", "boce_lint"]

FLOOR = r"""
import sys, yaml
from pathlib import Path
for path in sorted(Path(sys.argv[1]).rglob("*.yaml")):
    try:
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        pass
"""


# As a user's installation runs: its modules byte-compiled (``byte_compile``), whatever the
# environment of the benchmark says (compiling every module in every run costs 0.2-0.5 s).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def byte_compile() -> None:
    import boce_lint

    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(boce_lint.__file__).parent)],
                   check=True, stdout=subprocess.DEVNULL, env=ENV)


def timed(command: list[str], cwd: Path | None = None) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MB (the process and the children it waited for), exit code."""
    start = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        process = subprocess.Popen(command, cwd=cwd, stdout=sink, stderr=subprocess.DEVNULL,
                                   env=ENV)
        _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss / 1024, process.returncode


def corpus(work: Path, size: int) -> Path:
    folder = work / f"corpus-{size}"
    stamp = folder / ".complete"
    if not stamp.exists():
        subprocess.run([sys.executable, str(HERE / "gen_corpus.py"), "--out", str(folder),
                        "--documents", str(size)], check=True)
        stamp.write_text("ok\n")
    return folder


def measure_size(folder: Path, repeat: int) -> dict[str, Any]:
    """(a)-(d) in ``repeat`` rounds, each round running every command once in turn (floor, cold,
    warm unchanged, warm after one change, jobs 2), so that the load of a shared machine falls
    on all alike; the min of each figure, and the median of each round's own ratios."""
    files = sorted(folder.rglob("*.yaml"))
    result: dict[str, Any] = {"documents": len(files), "rounds": repeat,
                              "bytes": sum(p.stat().st_size for p in files)}
    cache = folder / ".boce-lint-cache"
    check = [*BOCE_LINT, "check", str(folder), "--as-of", AS_OF]
    victim = next(p for p in files if "/overleggen/" in p.as_posix())
    original = victim.read_bytes()
    runs: dict[str, list[tuple[float, float, int]]] = {
        name: [] for name in ("floor", "cold", "warm_unchanged", "warm", "jobs2")}
    try:
        for i in range(repeat):
            runs["floor"].append(timed([sys.executable, "-c", FLOOR, str(folder)]))
            shutil.rmtree(cache, ignore_errors=True)
            runs["cold"].append(timed(check))
            runs["warm_unchanged"].append(timed(check))
            victim.write_bytes(original + f"# gewijzigd {i}\n".encode())
            runs["warm"].append(timed(check))
            runs["jobs2"].append(timed([*check, "--jobs", "2", "--no-cache"]))
    finally:
        victim.write_bytes(original)
        shutil.rmtree(cache, ignore_errors=True)
    for name, measured in runs.items():
        result[f"{name}_s"] = min(m[0] for m in measured)
        result[f"{name}_rounds_s"] = [m[0] for m in measured]
        result[f"{name}_rss_mb"] = max(m[1] for m in measured)
    floor, cold, warm, jobs2 = ([m[0] for m in runs[n]] for n in ("floor", "cold", "warm", "jobs2"))
    result["median_ratios"] = {
        "cold/floor": statistics.median(c / f for f, c in zip(floor, cold, strict=True)),
        "warm/cold": statistics.median(w / c for c, w in zip(cold, warm, strict=True)),
        "jobs2/floor": statistics.median(j / f for f, j in zip(floor, jobs2, strict=True))}
    return result


def measure_rules(folder: Path, limit: int, rounds: int = 5, rego: bool = True,
                  spectral: bool = True) -> dict[str, Any]:
    """(e): the ten core rules per sub-agreement, four ways, on the same parsed documents
    (Spectral on the same files, and with ``boce-lint check`` as a fresh process as well)."""
    sys.path.insert(0, str(HERE))
    import rules_python
    import spectral_run

    from boce_lint.rulebook.engine import evaluate
    from boce_lint.rulebook.rulebook import load_rulebook
    from boce_lint.source.loader import load_file
    from boce_lint.source.model import Repository

    documents, paths = [], []
    for path in sorted(folder.rglob("deelovereenkomsten/*.yaml")):
        document = load_file(path, path.as_posix()).document
        if document is not None and document.valid and document.kind == "deelovereenkomst":
            documents.append(document)
            paths.append(path)
        if len(documents) >= limit:
            break
    n = len(documents)
    book = load_rulebook()
    rules = [book.get(rule_id) for rule_id in rules_python.RULES]
    as_of = dt.date.fromisoformat(AS_OF)
    repository = Repository(root=str(folder))
    for document in documents:
        repository.add(document)

    def run_boce() -> dict[str, int]:
        counts: dict[str, int] = {}
        for finding in evaluate(book, repository, as_of, rules):
            counts[finding.rule_id] = counts.get(finding.rule_id, 0) + 1
        return counts

    def run_python() -> dict[str, int]:
        counts: dict[str, int] = {}
        for document in documents:
            for rule, k in rules_python.check(document.data, as_of).items():
                counts[rule] = counts.get(rule, 0) + k
        return counts

    result: dict[str, Any] = {"documents": n, "rounds": rounds}
    timings: dict[str, list[float]] = {"boce": [], "python": []}
    for name, fn in (("boce", run_boce), ("python", run_python)):
        result[f"{name}_findings"] = fn()  # warm up (and the findings to compare)
    runner = None
    if spectral:
        reason = spectral_run.prepare()
        if reason is None:
            runner = spectral_run.InProcess(paths)
            result["spectral_findings"] = runner.counts()  # also the warm-up
            result["spectral_version"] = spectral_run.version()
            result.update(spectral_run.fixed_costs(paths[0], BOCE_LINT, rules_python.RULES,
                                                   AS_OF))
        else:
            result["spectral_skipped"] = reason
            print(f"Spectral skipped: {reason}", file=sys.stderr)
    for _ in range(rounds):  # interleaved, so that the load of the shared machine hits all
        for name, fn in (("boce", run_boce), ("python", run_python)):
            timings[name].append(_per_document(fn, n, 0.5))
        if runner is not None:
            for key, value in runner.round(0.5).items():
                timings.setdefault(f"spectral_{key}", []).append(value)
            wall, cpu, result["spectral_cli_findings"] = spectral_run.spectral_lint(paths)
            timings.setdefault("spectral_cli_wall_s", []).append(wall)
            timings.setdefault("spectral_cli_cpu_s", []).append(cpu)
            wall, cpu, result["boce_check_findings"] = spectral_run.boce_lint_check(
                BOCE_LINT, paths, rules_python.RULES, AS_OF)
            timings.setdefault("boce_check_wall_s", []).append(wall)
            timings.setdefault("boce_check_cpu_s", []).append(cpu)
    if runner is not None:
        runner.close()
        for key in [k for k in timings if k.startswith(("spectral_", "boce_check_"))]:
            values = timings.pop(key)
            result[key], result[f"{key}_median"] = min(values), statistics.median(values)
            result[f"{key}_rounds"] = values
    for name, values in timings.items():
        result[f"{name}_ms_per_doc"] = min(values)
        result[f"{name}_ms_per_doc_median"] = statistics.median(values)
        result[f"{name}_ms_per_doc_rounds"] = values
    try:
        from regopy import Input, Interpreter
    except ImportError:
        rego = False
    if not rego:
        result["rego_ms_per_doc"] = None
        return result
    interpreter = Interpreter()
    interpreter.add_module("boce", (HERE / "rego" / "boce.rego").read_text(encoding="utf-8"))
    interpreter.add_data({"as_of": AS_OF})
    bundle = interpreter.build(None, ["boce/violations"])
    inputs = [Input(document.data) for document in documents]

    def run_rego() -> dict[str, int]:
        counts: dict[str, int] = {}
        for value in inputs:
            interpreter.set_input(value)
            output = json.loads(str(interpreter.query_bundle_entrypoint(bundle,
                                                                        "boce/violations")))
            for item in _violations(output):
                counts[item["rule"]] = counts.get(item["rule"], 0) + 1
        return counts

    rego = [_per_document(run_rego, n, 0.0) for _ in range(max(1, min(rounds, 3)))]
    result["rego_ms_per_doc"] = min(rego)
    result["rego_ms_per_doc_median"] = statistics.median(rego)
    result["rego_findings"] = run_rego()
    return result


def _per_document(fn: Callable[[], Any], n: int, least: float) -> float:
    """CPU milliseconds per document of ``fn`` over ``n`` documents, repeated for ``least`` s.
    CPU time of this process, not wall time: on a shared machine the wall clock also counts
    the time other processes had the core (all three run in this one thread)."""
    start = time.process_time()
    passes = 0
    while True:
        fn()
        passes += 1
        if time.process_time() - start >= least:
            break
    return (time.process_time() - start) / passes / n * 1000


def _violations(output: Any) -> list[dict[str, Any]]:
    """The violation objects in regopy's output, whatever its envelope."""
    if isinstance(output, dict):
        if "rule" in output:
            return [output]
        return [v for value in output.values() for v in _violations(value)]
    if isinstance(output, list):
        return [v for value in output for v in _violations(value)]
    return []


def measure_startup(repeat: int) -> dict[str, Any]:
    """Start-up as a user meets it: the installed ``boce-lint`` command (``python -m boce_lint``
    when it is not installed), byte-compiled, in rounds that interleave the commands so that
    the load of a shared machine falls on all alike; min and median of the rounds."""
    import tempfile

    script = Path(sys.executable).parent / "boce-lint"
    command = [str(script)] if script.exists() else BOCE_LINT
    with tempfile.TemporaryDirectory() as cache:
        example = [*command, "check", "fixtures/boce", "--as-of", "2023-01-01"]
        runs = {"python": [sys.executable, "-c", "pass"], "version": [*command, "--version"],
                "cold": [*example, "--no-cache"], "warm": [*example, "--cache-dir", cache]}
        for run in runs.values():  # byte-compile, and fill the cache for "warm"
            timed(run, cwd=ROOT)
        times: dict[str, list[float]] = {name: [] for name in runs}
        rss = 0.0
        for _ in range(max(repeat, 5)):
            for name, run in runs.items():
                elapsed, peak, _ = timed(run, cwd=ROOT)
                times[name].append(elapsed)
                rss = max(rss, peak) if name == "cold" else rss
    result: dict[str, Any] = {"example_rss_mb": rss, "rounds": max(repeat, 5)}
    for name, key in (("python", "python"), ("version", "version"), ("cold", "example_cold"),
                      ("warm", "example_warm")):
        result[f"{key}_s"] = min(times[name])
        result[f"{key}_median_s"] = statistics.median(times[name])
    return result


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        import psutil

        memory = f", {psutil.virtual_memory().total / 2**30:.0f} GiB"
    except ImportError:
        pass
    return (f"{cpu}, {os.cpu_count()} cores{memory}; Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}")


def report(results: dict[str, Any]) -> str:
    lines = [f"machine: {results['machine']}", ""]
    sizes = results["sizes"]
    lines.append(f"{'documents':>10} {'MB':>6} {'floor s':>8} {'cold s':>7} {'cold/floor':>10} "
                 f"{'warm s':>7} {'warm/cold':>9} {'jobs2 s':>8} {'jobs2/floor':>11} "
                 f"{'ms/doc':>7} {'RSS MB':>7}")
    for size in sizes:
        r = size
        lines.append(
            f"{r['documents']:>10} {r['bytes'] / 1e6:>6.1f} {r['floor_s']:>8.2f} "
            f"{r['cold_s']:>7.2f} {r['cold_s'] / r['floor_s']:>10.2f} {r['warm_s']:>7.2f} "
            f"{r['warm_s'] / r['cold_s']:>9.3f} {r['jobs2_s']:>8.2f} "
            f"{r['jobs2_s'] / r['floor_s']:>11.2f} {r['cold_s'] / r['documents'] * 1000:>7.3f} "
            f"{max(r['cold_rss_mb'], r['warm_rss_mb'], r['jobs2_rss_mb']):>7.0f}")
    for r in sizes:
        ratios = r.get("median_ratios")
        if ratios:
            lines.append(f"{r['documents']} documents, median of the {r['rounds']} rounds' own "
                         "ratios: " + ", ".join(f"{k} {v:.3f}" for k, v in ratios.items()))
    if len(sizes) > 1:
        first, last = sizes[0], sizes[-1]
        scale = (last["cold_s"] / last["documents"]) / (first["cold_s"] / first["documents"])
        lines.append(f"time per document at {last['documents']} / at {first['documents']}: "
                     f"{scale:.2f}")
    rules = results.get("rules")
    if rules:
        lines += ["", *rules_report(rules)]
    lines.append("")
    lines.append(startup_report(results["startup"]))
    return "\n".join(lines)


def rules_report(rules: dict[str, Any]) -> list[str]:
    """(e) side by side: min and median ms per document of several rounds, and the ratios."""
    lines = [f"ten core rules on {rules['documents']} sub-agreements, {rules['rounds']} rounds "
             "(CPU ms per document, min / median):",
             "| implementation | min | median | / plain Python (min, median) |",
             "|---|---:|---:|---:|"]
    python = rules["python_ms_per_doc"], rules["python_ms_per_doc_median"]
    for label, key in (("boce-lint (engine.evaluate)", "boce_ms_per_doc"),
                       ("plain Python", "python_ms_per_doc"),
                       ("regopy compiled bundle", "rego_ms_per_doc"),
                       ("Spectral in process, lint of parsed Documents",
                        "spectral_lint_cpu_ms_per_doc"),
                       ("Spectral in process, parse into Documents",
                        "spectral_parse_cpu_ms_per_doc")):
        low, mid = rules.get(key), rules.get(f"{key}_median")
        if low is None or mid is None:
            lines.append(f"| {label} | n/a | n/a | |")
            continue
        lines.append(f"| {label} | {low:.4f} | {mid:.4f} | {low / python[0]:.1f}x, "
                     f"{mid / python[1]:.1f}x |")
    if rules.get("rego_ms_per_doc"):
        faster = rules["rego_ms_per_doc"] / rules["boce_ms_per_doc"]
        lines.append(f"regopy / boce-lint: {faster:.0f}x")
    if "spectral_skipped" in rules:
        lines.append(f"Spectral skipped: {rules['spectral_skipped']}")
    if rules.get("spectral_lint_cpu_ms_per_doc"):
        lines += spectral_report(rules)
    problem = disagreement(rules)
    lines.append(f"findings agree: {problem is None} {rules['boce_findings']}")
    if problem:
        lines.append(problem)
    return lines


def spectral_report(rules: dict[str, Any]) -> list[str]:
    """Spectral against boce-lint: in process, and both as a fresh process on the same files."""
    def pair(key: str, scale: float = 1.0) -> str:
        return f"{rules[key] * scale:.3f} / {rules[key + '_median'] * scale:.3f}"

    def ratio(top: str, bottom: str) -> str:
        return (f"{rules[top] / rules[bottom]:.2f}x / "
                f"{rules[top + '_median'] / rules[bottom + '_median']:.2f}x")

    n = rules["documents"]
    return [
        f"Spectral {rules['spectral_version']} (min / median):",
        f"  in process, lint: CPU {pair('spectral_lint_cpu_ms_per_doc')} ms/doc, wall "
        f"{pair('spectral_lint_wall_ms_per_doc')} ms/doc; Spectral / boce-lint (CPU) "
        f"{ratio('spectral_lint_cpu_ms_per_doc', 'boce_ms_per_doc')}",
        f"  in process, parse: CPU {pair('spectral_parse_cpu_ms_per_doc')} ms/doc, wall "
        f"{pair('spectral_parse_wall_ms_per_doc')} ms/doc",
        f"  fresh process on the {n} files: spectral lint wall {pair('spectral_cli_wall_s')} s, "
        f"CPU {pair('spectral_cli_cpu_s')} s; boce-lint check --select the ten wall "
        f"{pair('boce_check_wall_s')} s, CPU {pair('boce_check_cpu_s')} s",
        f"  fresh process, Spectral / boce-lint: wall "
        f"{ratio('spectral_cli_wall_s', 'boce_check_wall_s')}, CPU "
        f"{ratio('spectral_cli_cpu_s', 'boce_check_cpu_s')}",
        "  fixed costs, min of 3, wall / CPU ms: " + ", ".join(
            f"{label} {rules[key + '_s'] * 1000:.0f} / {rules[key + '_cpu_s'] * 1000:.0f}"
            for label, key in (("node -e 0", "node_start"),
                               ("spectral --version", "spectral_version"),
                               ("spectral lint of one file", "spectral_one_file"),
                               ("boce-lint check of one file", "boce_one_file"))),
    ]


def disagreement(rules: dict[str, Any]) -> str | None:
    """Which implementations give other findings per rule than boce-lint, or None."""
    wanted = rules["boce_findings"]
    others = {key: rules[key] for key in ("python_findings", "rego_findings",
                                          "spectral_findings", "spectral_cli_findings",
                                          "boce_check_findings") if key in rules}
    differ = {key: found for key, found in others.items() if found != wanted}
    if not differ:
        return None
    return "FINDINGS DISAGREE with boce-lint " + json.dumps(wanted, sort_keys=True) + ": " + \
        "; ".join(f"{key} {json.dumps(found, sort_keys=True)}" for key, found in differ.items())


def startup_report(start: dict[str, Any]) -> str:
    def ms(key: str) -> str:
        return f"{start[key + '_s'] * 1000:.0f} ms (median {start[key + '_median_s'] * 1000:.0f})"

    return (f"start-up, min of {start['rounds']} rounds: python -c pass {ms('python')}; "
            f"boce-lint --version {ms('version')}; shipped example (fixtures/boce) without "
            f"cache {ms('example_cold')}, warm {ms('example_warm')}; "
            f"{start['example_rss_mb']:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/boce-bench"))
    parser.add_argument("--sizes", default="10000", help="comma-separated document counts")
    parser.add_argument("--repeat", type=int, default=3,
                        help="interleaved rounds of (a)-(d) and of start-up: the min of each "
                             "figure and the median of each round's own ratios")
    parser.add_argument("--rule-documents", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5, help="rounds of (e), min and median")
    parser.add_argument("--only-rules", action="store_true",
                        help="measure (e) alone, on the corpus of the first size")
    parser.add_argument("--no-rego", action="store_true", help="(e) without regopy")
    parser.add_argument("--no-spectral", action="store_true",
                        help="(e) without Spectral (otherwise installed with npm when missing)")
    parser.add_argument("--startup-only", action="store_true", help="only (f), start-up")
    args = parser.parse_args()
    byte_compile()
    if args.startup_only:
        print(startup_report(measure_startup(args.repeat)))
        return
    args.work.mkdir(parents=True, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.only_rules:
        rules = measure_rules(corpus(args.work, sizes[0]), args.rule_documents, args.rounds,
                              not args.no_rego, not args.no_spectral)
        rules["date"] = dt.date.today().isoformat()
        (args.work / "rules.json").write_text(json.dumps(rules, indent=2) + "\n")
        print("\n".join(rules_report(rules)))
        if disagreement(rules):
            sys.exit("the implementations of (e) give different findings (see above)")
        return
    results: dict[str, Any] = {"machine": machine(), "date": dt.date.today().isoformat(),
                               "sizes": []}
    # Child processes first: Linux counts a child's peak RSS from the fork, so this process
    # must still be small when it starts them (measure_rules loads the rulebook and documents).
    results["startup"] = measure_startup(args.repeat)
    for size in sizes:
        folder = corpus(args.work, size)
        print(f"measuring {size} documents ...", file=sys.stderr)
        results["sizes"].append(measure_size(folder, args.repeat))
    results["rules"] = measure_rules(corpus(args.work, sizes[0]), args.rule_documents,
                                     args.rounds, not args.no_rego, not args.no_spectral)
    (args.work / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    print(report(results))
    if disagreement(results["rules"]):
        sys.exit("the implementations of (e) give different findings (see above)")


if __name__ == "__main__":
    main()
