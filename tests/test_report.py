"""The quick-scan report (``boce-lint report``): its data, the HTML page, the Markdown variant,
and the page as a browser renders it.

The fixture ``fixtures/boce`` at as-of date 2023-01-01 is the state the Borger-Odoorn
rekenkamer examined; a copy of it with ``<script>`` in a sub-agreement's title shows that no
contract text can act as markup.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from boce_lint import __version__
from boce_lint.cli import cli
from boce_lint.config import load_config
from boce_lint.findings.finding import Finding, Outcome, Severity, Subject, Suppression
from boce_lint.report import build_report, git_commit, render
from boce_lint.report.charts import UnsafeSvg, sanitize
from boce_lint.report.model import group_of_key, groups_of, sub_agreements_of
from boce_lint.run.check import run_check

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "fixtures" / "boce"
AS_OF = "2023-01-01"
HOSTILE = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
GROUPS = ["a", "b", "c", "d", "e", "f", "g", "framework", "governance", "reporting", "council"]
AGREEMENTS = ["do-ict-bo-2015", "do-ict-co-2015", "do-sz-bo-2015", "do-sz-co-2015"]


def _check(path: Path, lang: str = "nl"):  # type: ignore[no-untyped-def]
    config = load_config(None, [])
    settings = dataclasses.replace(config.settings, as_of=AS_OF, lang=lang)
    return run_check([path], settings, config), settings


@pytest.fixture(scope="module")
def checked():  # type: ignore[no-untyped-def]
    return _check(FIXTURE)


@pytest.fixture(scope="module")
def model(checked):  # type: ignore[no-untyped-def]
    result, settings = checked
    return build_report(result, lang="nl", tool_version=__version__)


@pytest.fixture(scope="module")
def hostile_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture with ``<script>`` in the title of ICT Borger-Odoorn (and so in its findings,
    its matrix row, and the meeting chart's labels)."""
    target = tmp_path_factory.mktemp("hostile") / "boce"
    shutil.copytree(FIXTURE, target)
    path = target / "deelovereenkomsten" / "ict-borger-odoorn.yaml"
    text = path.read_text(encoding="utf-8")
    old = "titel: Deelovereenkomst ICT gemeente Emmen – gemeente Borger-Odoorn 2015"
    assert old in text
    path.write_text(text.replace(old, f"titel: Deelovereenkomst ICT {HOSTILE} Borger-Odoorn"),
                    encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def hostile_html(hostile_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "scan.html"
    result = CliRunner().invoke(cli, ["report", str(hostile_repo), "--as-of", AS_OF, "-o",
                                      str(out)])
    assert result.exit_code == 0, result.output
    return out


# -- the model ------------------------------------------------------------------------------

def test_matrix_has_a_row_per_sub_agreement_and_one_for_the_rest(model) -> None:  # type: ignore[no-untyped-def]
    assert [row.key for row in model.rows] == AGREEMENTS + ["overig"]
    for row in model.rows:
        assert [cell.group for cell in row.cells] == GROUPS


def test_ict_borger_odoorn_has_an_error_in_council_information(model) -> None:  # type: ignore[no-untyped-def]
    cell = model.cell("do-ict-bo-2015", "council")
    assert cell.status == "error"
    rules = {view.rule_id for view in cell.findings}
    # RAAD-001 on the sub-agreement itself; RAAD-002/003 on council documents pointing at it.
    assert {"RAAD-001", "RAAD-002", "RAAD-003"} <= rules
    assert any(view.finding.subject.kind == "raadsinformatie" for view in cell.findings)
    assert "RK-council-information" in {c.key for c in cell.citations}


def test_cell_statuses(model) -> None:  # type: ignore[no-untyped-def]
    assert model.cell("do-ict-bo-2015", "a").status == "ok"
    assert model.cell("do-ict-bo-2015", "governance").status == "error"
    assert model.cell("do-sz-co-2015", "reporting").status == "ok"
    assert model.cell("overig", "a").status == "na"  # art. 14.1 does not apply to the rest
    assert model.cell("overig", "framework").status == "error"  # RO-2.2: Inkoop never contracted
    assert model.cell("overig", "reporting").status == "ok"


def test_every_finding_has_a_place_in_the_matrix(model, checked) -> None:  # type: ignore[no-untyped-def]
    result, _ = checked
    placed = {id(v.finding) for row in model.rows for c in row.cells for v in c.findings}
    assert placed == {id(f) for f in result.findings}
    # WET-013 (Awb 10:4 consent not recorded) is evidence, not an error; BA-003 skips 2019-2020
    assert model.summary.errors == 46 and model.summary.warnings == 46
    assert model.summary.missing_evidence == 37  # apart from the violations (4 WET-013, 2 MA-004)


def test_recommendations_one_per_rk_key(model, checked) -> None:  # type: ignore[no-untyped-def]
    result, _ = checked
    keys = [k for k in result.rulebook.registry if k.startswith("RK-")]
    assert len(keys) == 11
    assert [rec.key for rec in model.recommendations] == keys
    need = model.recommendation("RK-information-need")
    # the report's recommendations apply from its date (April 2023), not at as-of 2023-01-01
    assert need.status == "undetermined" and "geldt deze aanbeveling (nog) niet" in need.reason
    assert need.quote.startswith("Definieer als raad de eigen informatiebehoefte")
    assert model.recommendation("RK-tasks-covered").status == "followed"
    assert model.recommendation("RK-measurable-goals").status == "not-followed"
    assert model.tally == {"followed": 2, "not-followed": 7, "undetermined": 2}


def test_recommendation_statuses_from_missing_evidence_and_waivers(checked) -> None:  # type: ignore[no-untyped-def]
    result, settings = checked
    base = dict(rule_id="RAP-010", rule_name="benchmark", severity=Severity.ERROR,
                message="m", file="x.yaml", keys=("RK-benchmarks",),
                subject=Subject(document_id="do-ict-bo-2015", kind="deelovereenkomst"))
    missing = Finding(outcome=Outcome.MISSING_EVIDENCE, **base)
    waived = Finding(suppression=Suppression(kind="waiver", justification="j", owner="o"),
                     **base)

    def status(findings: list[Finding]) -> str:
        changed = dataclasses.replace(result, findings=findings)
        return build_report(changed).recommendation("RK-benchmarks").status

    assert status([missing]) == "undetermined"
    assert status([waived]) == "followed"
    assert status([missing, Finding(**base)]) == "not-followed"
    report = build_report(dataclasses.replace(result, findings=[missing]))
    assert report.cell("do-ict-bo-2015", "reporting").status == "missing"


def test_an_empty_repository_proves_no_follow_up(tmp_path: Path) -> None:
    # a folder without any document is refused (exit 2); one without agreements proves nothing
    (tmp_path / "bijlage.yaml").write_text("soort: bijlage\nversie: 1\nid: bijlage-x\n"
                                           "type: overig\n", encoding="utf-8")
    result, settings = _check(tmp_path)
    report = build_report(result)
    assert {rec.status for rec in report.recommendations} == {"undetermined"}
    assert [row.key for row in report.rows] == ["overig"]
    assert report.kpi_charts == [] and report.meetings == []
    html = render(report, "html")
    assert "<svg" not in html and "data-status=\"undetermined\"" in html


@pytest.mark.parametrize(("key", "group"), [
    ("RO-14.1.a", "a"), ("RO-14.1.g", "g"), ("RO-2.2", "framework"), ("VA-2", "framework"),
    ("LAW-awb-10:3", "framework"), ("RO-4.2", "governance"), ("RK-consultation-held", "governance"),
    ("RO-5.5", "reporting"), ("RK-uniform-reporting", "reporting"), ("RK-benchmarks", "reporting"),
    ("RK-council-information", "council"), ("LAW-gw-169", "council"),
    ("OV-evaluation-council", "council"), ("RK-information-need", "council"),
])
def test_obligation_groups(key: str, group: str) -> None:
    assert group_of_key(key) == group


def test_a_finding_with_a_specific_and_a_general_key_goes_to_the_specific_column() -> None:
    finding = Finding(rule_id="RK-005", rule_name="x", severity=Severity.ERROR, message="m",
                      file="f", keys=("RK-evaluation", "OV-evaluation-term"))
    assert groups_of(finding) == ["governance"]


def test_findings_on_other_documents_are_placed_by_what_they_point_at(checked) -> None:  # type: ignore[no-untyped-def]
    result, _ = checked
    repo = result.repository
    by_pointer = {(f.subject.document_id, f.subject.pointer): f for f in result.findings}
    budget = by_pointer[("ri-bo-begroting-2023", "/onderdelen/1/kwaliteit")]
    assert sub_agreements_of(budget, repo) == ["do-ict-bo-2015"]
    framework = next(f for f in result.findings if f.rule_id == "RA-030")
    assert sub_agreements_of(framework, repo) == []


def test_chart_data(model) -> None:  # type: ignore[no-untyped-def]
    charts = {chart.document: chart for chart in model.kpi_charts}
    assert set(charts) == {"do-sz-bo-2015", "do-sz-co-2015"}  # ICT reports no KPI values
    series = {s.kpi: s for s in charts["do-sz-bo-2015"].series}
    points = {p.year: p for p in series["sz-bo-tijdig-levensonderhoud"].points}
    assert (points[2020].value, points[2020].target, points[2020].met) == (92.7, 95.0, False)
    assert [title for title, _ in model.kpi_without_values] == [
        "Deelovereenkomst ICT gemeente Emmen – gemeente Borger-Odoorn 2015",
        "Deelovereenkomst ICT gemeente Emmen – gemeente Coevorden 2015"]
    meetings = {m.body: m for m in model.meetings}
    assert model.meeting_years == [2019, 2020, 2021, 2022]
    assert meetings["stuurgroep"].required == 4 and meetings["stuurgroep"].held[2020] == 3
    assert meetings["stuurgroep"].met(2020) is False
    assert meetings["contractoverleg ICT Borger-Odoorn"].held == {y: 0 for y in range(2019, 2023)}


def test_title_block(model) -> None:  # type: ignore[no-untyped-def]
    assert model.arrangement == ("Raamovereenkomst samenwerking Borger-Odoorn, Coevorden en "
                                 "Emmen 2009")
    assert model.host == ["Emmen"] and model.guests == ["Borger-Odoorn", "Coevorden"]
    assert model.rulebook_version.startswith(__version__)


def test_git_commit_is_none_outside_a_repository(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assert git_commit(tmp_path) is None
    monkeypatch.setenv("PATH", str(tmp_path))  # no git at all
    assert git_commit(tmp_path) is None


# -- the HTML page --------------------------------------------------------------------------

def _external_references(html: str) -> list[str]:
    attribute = (r"\b(?:src|srcset|href|action|formaction|data|poster)\s*=\s*"
                 r"""("[^"]*"|'[^']*'|[^\s>]+)""")
    found = [m.group(0) for m in re.finditer(attribute, html, flags=re.I)
             if not m.group(1).strip("\"'").startswith("#")]
    found += [m.group(0) for m in re.finditer(r"url\(\s*['\"]?(?!#)[^)]*\)", html, flags=re.I)]
    found += [m.group(0) for m in re.finditer(r"@import|<link\b|<img\b|<iframe\b|<object\b"
                                              r"|<embed\b|<base\b|<meta[^>]+refresh", html,
                                              flags=re.I)]
    return found


def test_html_is_self_contained(hostile_html: Path) -> None:
    html = hostile_html.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert not re.search(r"<script", html, flags=re.I)
    assert _external_references(html) == []
    assert html.count("<svg") >= 3  # two KPI charts and the meeting chart
    assert "<?xml" not in html and "<!DOCTYPE svg" not in html
    assert "@media print" in html and "@page" in html


def test_html_anchors_are_unique_and_resolve(hostile_html: Path) -> None:
    html = hostile_html.read_text(encoding="utf-8")
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    targets = set(re.findall(r'href="#([^"]+)"', html))
    assert targets - set(ids) == set()
    matrix_links = re.findall(r'<td class="cell status-\w+"[^>]*>\s*<a href="#([^"]+)"', html)
    assert matrix_links and set(matrix_links) <= set(ids)


def test_html_escapes_contract_text(hostile_html: Path) -> None:
    html = hostile_html.read_text(encoding="utf-8")
    assert ESCAPED in html
    assert HOSTILE not in html
    svg = html[html.find('data-chart="meetings"'):]
    assert ESCAPED in svg[:svg.find("</figure>")]  # the title reaches the chart, escaped too


def test_html_marks_cells_and_recommendations(hostile_html: Path) -> None:
    html = hostile_html.read_text(encoding="utf-8")
    assert re.search(r'class="cell status-error" data-row="do-ict-bo-2015" data-group="council"',
                     html)
    assert re.search(r'data-key="RK-measurable-goals" data-status="not-followed"', html)
    assert re.search(r'data-key="RK-tasks-covered" data-status="followed"', html)


def test_report_to_stdout_and_in_english() -> None:
    result = CliRunner().invoke(cli, ["report", str(FIXTURE), "--as-of", AS_OF, "--lang", "en",
                                      "--isolated"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("<!DOCTYPE html>")
    assert "Overview per sub-agreement" in result.output
    assert "not followed up" in result.output


def test_report_rejects_a_missing_path(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["report", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "path does not exist" in result.output


@pytest.mark.parametrize("svg", [
    '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><rect onload="alert(1)"/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
    '<use xlink:href="http://example.org/x.svg#a"/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><style>@import "x.css";</style></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill: url(http://x/y)"/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject/></svg>',
])
def test_chart_sanitizer_refuses_active_content(svg: str) -> None:
    with pytest.raises(UnsafeSvg):
        sanitize(svg, "c")


def test_chart_ids_are_prefixed() -> None:
    svg = ('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" '
           'xmlns:xlink="http://www.w3.org/1999/xlink"><defs><clipPath id="p1"><rect/></clipPath>'
           '</defs><path id="m2" clip-path="url(#p1)"/><use xlink:href="#m2"/></svg>')
    clean = sanitize(svg, "kpi1")
    assert clean.startswith("<svg")
    assert 'id="kpi1-p1"' in clean and "url(#kpi1-p1)" in clean and 'href="#kpi1-m2"' in clean


def test_matplotlib_is_imported_only_for_a_report() -> None:
    code = ("import sys, boce_lint.cli, boce_lint.report, boce_lint.report.markdown; "
            "print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=60)
    assert out.stdout.strip() == "False"


# -- the Markdown variant -------------------------------------------------------------------

def test_markdown_escapes_contract_text(hostile_repo: Path) -> None:
    result, settings = _check(hostile_repo)
    text = render(build_report(result, tool_version=__version__), "markdown")
    assert ESCAPED in text
    assert "<script" not in text
    assert "| Deelovereenkomst ICT &lt;script&gt;alert(1)&lt;/script&gt; Borger-Odoorn |" in text
    assert "### ✕ niet opgevolgd — RK-measurable-goals" in text
    assert "### ✓ opgevolgd — RK-tasks-covered" in text
    assert "| stuurgroep (raamovereenkomst art. 4.2) | 4 | 4 ✓ | 3 ✕ | 4 ✓ | 4 ✓ |" in text


def test_upcoming_obligations_for_the_next_twelve_months(model) -> None:  # type: ignore[no-untyped-def]
    months = dict(model.agenda)
    # 2023-01-01 .. 2024-01-01: the reports of the host's P&C calendar (RAP-013: the yearly
    # report on 2022 by 28 February, the half-year report on 2023 by 31 August) and the yearly
    # duties of the running year
    assert list(months) == ["februari 2023", "augustus 2023", "december 2023"]
    for month, day in (("februari 2023", "2023-02-28"), ("augustus 2023", "2023-08-31")):
        [report] = months[month]
        assert report.cells[0] == day and report.cells[4].startswith("RAP-013: RO-5.5")
    rows = months["december 2023"]
    assert all(row.cells[0] == "2023-12-31" for row in rows)
    stuurgroep = [row for row in rows if row.cells[4].startswith("GOV-002")]
    assert [row.cells[3] for row in stuurgroep] == ["de stuurgroep"]
    assert "RO-4.2 (art. 4.2)" in stuurgroep[0].cells[4]
    assert stuurgroep[0].cells[5].endswith("raamovereenkomst.yaml:2")


def test_markdown_command() -> None:
    result = CliRunner().invoke(cli, ["report", str(FIXTURE), "--as-of", AS_OF, "--format",
                                      "markdown", "--lang", "en", "--isolated"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# Quick scan of host-municipality agreements")
    assert "## Upcoming obligations" in result.output and "### December 2023" in result.output
    assert "| 2023-12-31 | open | The steering group meets at least four times in 2023" \
        in result.output
    assert "\u00ad" not in result.output  # no soft hyphens in a memo


# -- in a browser ---------------------------------------------------------------------------

def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


class _Dom(HTMLParser):
    """What a test needs from the rendered DOM: elements with their attributes, and the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _browser(tmp_path: Path) -> list[str]:
    binary = _chromium()
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("CI is set but there is no chromium binary; .ci/run installs Debian's "
                        "chromium package")
        pytest.skip("no chromium binary on this machine")
    return [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars",
            f"--user-data-dir={tmp_path / 'profile'}"]


@pytest.mark.browser
def test_report_renders_in_headless_chromium(hostile_html: Path, tmp_path: Path) -> None:
    command = _browser(tmp_path)
    url = hostile_html.resolve().as_uri()
    done = subprocess.run(command + ["--dump-dom", url], capture_output=True, text=True,
                          timeout=180, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr[-2000:]
    dom = _Dom()
    dom.feed(done.stdout)
    tags = [tag for tag, _ in dom.elements]
    cells = {(a["data-row"], a["data-group"]): a for tag, a in dom.elements
             if tag == "td" and "data-group" in a}
    assert len(cells) == 5 * 11
    council = cells[("do-ict-bo-2015", "council")]
    assert "status-error" in council["class"].split() and council["data-status"] == "error"
    assert "status-ok" in cells[("do-sz-co-2015", "reporting")]["class"].split()
    assert "status-na" in cells[("overig", "a")]["class"].split()
    recs = {a["data-key"]: a["data-status"] for tag, a in dom.elements
            if tag == "article" and "data-key" in a}
    assert len(recs) == 11
    assert recs["RK-measurable-goals"] == "not-followed"
    assert recs["RK-tasks-covered"] == "followed"
    assert tags.count("svg") >= 3
    assert any(tag == "figure" and a.get("data-chart") == "kpi" for tag, a in dom.elements)
    # The title with <script> is text on the page, and no script element was ever created.
    assert "script" not in tags
    text = "".join(dom.text)
    assert f"Deelovereenkomst ICT {HOSTILE} Borger-Odoorn" in text
    assert ESCAPED in done.stdout
    # Komende verplichtingen: the twelve months after the as-of date, from the rules' deadlines
    assert any(tag == "section" and a.get("id") == "agenda" for tag, a in dom.elements)
    assert "Komende verplichtingen" in text and "december 2023" in text
    duties = [a["data-duty"] for tag, a in dom.elements if tag == "tr" and "data-duty" in a]
    assert len(duties) >= 10 and set(duties) <= {"open", "done", "overdue"}
    assert "De stuurgroep vergadert in 2023 minstens vier keer" in text
    policy = [a["content"] for tag, a in dom.elements
              if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert policy and "default-src 'none'" in policy[0]  # and the page above still rendered

    # The policy is enforced: a script that slipped into the page does not run.
    planted = tmp_path / "planted.html"
    planted.write_text(hostile_html.read_text(encoding="utf-8").replace(
        "</body>", "<script>document.body.setAttribute('data-ran', 'yes')</script></body>"),
        encoding="utf-8")
    done = subprocess.run(command + ["--dump-dom", planted.resolve().as_uri()],
                          capture_output=True, text=True, timeout=180, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "<body" in done.stdout and 'data-ran="yes"' not in done.stdout

    shot = tmp_path / "shot.png"
    done = subprocess.run(command + [f"--screenshot={shot}", "--window-size=1280,2400", url],
                          capture_output=True, text=True, timeout=180, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1280, 2400)
    assert len(data) > 50_000  # a page with colour and text, not a blank one


def test_report_on_a_corpus_writes_one_page_per_arrangement(tmp_path: Path) -> None:
    corpus = tmp_path / "land"
    for name in ("noord", "zuid"):
        shutil.copytree(FIXTURE, corpus / name)
    runner = CliRunner()
    args = ["--as-of", AS_OF, "--isolated", "--format", "markdown"]
    refused = runner.invoke(cli, ["report", str(corpus), *args])
    assert refused.exit_code == 2
    assert "2 arrangements" in refused.output and "--output FOLDER" in refused.output
    result = runner.invoke(cli, ["report", str(corpus), *args, "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "index.md", "noord.md", "zuid.md"]
    for name in ("noord", "zuid"):
        alone = runner.invoke(cli, ["report", str(corpus / name), *args])
        assert alone.exit_code == 0, alone.output
        assert (tmp_path / "out" / f"{name}.md").read_text(encoding="utf-8") == alone.output
    index = (tmp_path / "out" / "index.md").read_text(encoding="utf-8")
    assert "(noord.md)" in index and "(zuid.md)" in index


def test_meeting_duties_and_window_come_from_the_rules() -> None:
    from boce_lint.rulebook.facts import meeting_duties, meeting_window
    from boce_lint.rulebook.rulebook import load_rulebook

    book = load_rulebook()
    duties = [(d.body, d.per_year, d.subject_kind, d.article, d.rule_id)
              for d in meeting_duties(book)]
    assert duties == [("stuurgroep", 4, "raamovereenkomst", "4.2", "GOV-002"),
                      ("colleges", 1, "raamovereenkomst", "4.1", "GOV-001")]
    assert meeting_window(book) == 4
