"""How fast ``boce-lint server`` re-checks after a keystroke, on the shipped example.

    python benchmarks/server.py [--changes 40] [--repo fixtures/boce]

Starts the server as an editor does (a subprocess speaking JSON-RPC over stdio), opens a
sub-agreement of a copy of the repository, then sends changes that alternately add and remove
a mistake, and times each change from the moment it is sent until the diagnostics of that
version arrive (the whole repository is loaded and every rule runs each time). For scale it
also times ``boce-lint check`` of the same repository as a fresh process, with its cache.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from lsp_client import LspClient  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=40)
    parser.add_argument("--repo", type=Path, default=HERE.parent / "fixtures" / "boce")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        repo = Path(work) / "repo"
        shutil.copytree(args.repo, repo)
        draft = sorted((repo / "deelovereenkomsten").glob("*.yaml"))[0]
        files = sum(1 for _ in repo.rglob("*.yaml"))
        good = draft.read_text(encoding="utf-8")
        bad = good.replace("\nwerkterrein:", "\nwerkterein:", 1)
        assert bad != good, "the draft has no 'werkterrein' field to misspell"
        client = LspClient(repo)
        try:
            start = time.perf_counter()
            uri = client.open(draft, good)
            client.diagnostics(uri)
            first = time.perf_counter() - start
            times = []
            for version in range(2, args.changes + 2):
                start = time.perf_counter()
                client.change(uri, bad if version % 2 == 0 else good, version)
                found = client.diagnostics(uri)
                times.append(time.perf_counter() - start)
                assert any(d["code"] == "S007" for d in found) == (version % 2 == 0)
        finally:
            client.close()
        cli = []
        for _ in range(3):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "boce_lint", "check", str(repo), "-q"],
                           capture_output=True, check=False)
            cli.append(time.perf_counter() - start)
    median = statistics.median(times)
    p90 = sorted(times)[int(0.9 * (len(times) - 1))]
    print(f"repository: {args.repo.name} ({files} files), {args.changes} changes to {draft.name}")
    print(f"first check after open (compiles the rulebook): {first * 1000:.0f} ms")
    print(f"re-check after a change: median {median * 1000:.0f} ms, p90 {p90 * 1000:.0f} ms, "
          f"max {max(times) * 1000:.0f} ms")
    print(f"'boce-lint check' as a fresh process, cached: {min(cli) * 1000:.0f} ms")
    print(f"re-check / fresh check: {median / min(cli):.2f}; re-check / 1 s budget: "
          f"{median:.2f}")


if __name__ == "__main__":
    main()
