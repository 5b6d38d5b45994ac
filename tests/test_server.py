"""``boce-lint server`` driven as an editor drives it: over standard input and output, with
raw JSON-RPC. A mistake typed shows up at its line and column, and goes away when fixed."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from lsp_client import LspClient

ROOT = Path(__file__).parents[1]
DRAFT = "deelovereenkomsten/ict.yaml"


@pytest.fixture
def repo(tmp_path):
    """The compliant repository (no findings on 2024-03-01), with that as-of date configured."""
    target = tmp_path / "repo"
    shutil.copytree(ROOT / "fixtures" / "compliant", target)
    (target / "boce-lint.toml").write_text('as-of = "2024-03-01"\n', encoding="utf-8")
    return target


def blank_work_area(text: str) -> str:
    """The draft with an empty work area (rule DO-001); the old text is kept as a comment."""
    out, inside = [], False
    for line in text.splitlines(keepends=True):
        if line.startswith("werkterrein:"):
            out.append("werkterrein: ''\n")
            inside = True
        elif inside and line.startswith("  "):
            out.append("#" + line)
        else:
            inside = False
            out.append(line)
    return "".join(out)


@pytest.fixture
def client(repo):
    lsp = LspClient(repo)
    yield lsp
    lsp.close()


def test_a_mistake_is_shown_at_its_place_and_goes_away_when_fixed(repo, client):
    good = (repo / DRAFT).read_text(encoding="utf-8")
    assert "\nwerkterrein: >-\n" in good
    uri = client.open(repo / DRAFT, good.replace("\nwerkterrein:", "\nwerkterein:"))
    diagnostics = client.diagnostics(uri)
    [typo] = [d for d in diagnostics if d["code"] == "S007"]
    assert (typo["range"]["start"], typo["message"]) == (
        {"line": 20, "character": 0}, "Onbekend veld 'werkterein'; bedoelde u 'werkterrein'?")
    assert typo["severity"] == 1 and typo["source"] == "boce-lint"
    href = typo["codeDescription"]["href"]
    assert href.endswith("rules.md#s007-schema-violation")
    assert "### S007 `schema-violation`" in (ROOT / "docs" / "rules.md").read_text("utf-8")
    client.change(uri, good, 2)
    assert client.diagnostics(uri) == []


def test_the_whole_repository_is_checked_with_the_unsaved_text(repo, client):
    """A reference to a document that exists only in another open (unsaved) editor resolves;
    rule findings (not only the schema) are published."""
    text = (repo / DRAFT).read_text(encoding="utf-8")
    uri = client.open(repo / DRAFT, text.replace("raamovereenkomst: ro-boce-2022",
                                                 "raamovereenkomst: ro-nieuw"))
    assert "S009" in [d["code"] for d in client.diagnostics(uri)]
    framework = (repo / "raamovereenkomst.yaml").read_text(encoding="utf-8")
    other = client.open(repo / "raamovereenkomst.yaml",
                        framework.replace("id: ro-boce-2022", "id: ro-nieuw"))
    published = {}
    for _ in range(2):  # both open documents get their diagnostics, in any order
        for message_uri in (uri, other):
            if message_uri not in published:
                published[message_uri] = client.diagnostics(message_uri)
                break
    assert "S009" not in [d["code"] for d in published[uri]]
    # now a rule finding: the sub-agreement loses its work area (DO-001)
    client.change(uri, blank_work_area(text).replace("raamovereenkomst: ro-boce-2022",
                                                     "raamovereenkomst: ro-nieuw"), 2)
    codes = [d["code"] for d in client.diagnostics(uri)]
    assert "DO-001" in codes


def test_hover_explains_and_quick_fix_inserts_a_waiver(repo, client):
    text = blank_work_area((repo / DRAFT).read_text(encoding="utf-8"))
    uri = client.open(repo / DRAFT, text)
    diagnostics = client.diagnostics(uri)
    do001 = next(d for d in diagnostics if d["code"] == "DO-001")
    line = do001["range"]["start"]["line"]
    hover = client.request("textDocument/hover", {
        "textDocument": {"uri": uri}, "position": {"line": line, "character": 3}})
    assert hover["contents"]["value"].startswith("DO-001 werkterrein-ontbreekt — ")
    assert "RO-14.1.a" in hover["contents"]["value"]
    actions = client.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": do001["range"],
        "context": {"diagnostics": [do001]}})
    action = next(a for a in actions if "DO-001" in a["title"])
    [edit] = action["edit"]["changes"][uri]
    assert edit["range"]["start"] == {"line": line, "character": 0}
    assert edit["newText"].startswith('# boce-lint: negeer DO-001 reden="" eigenaar="" vervalt=')
    lines = text.splitlines(keepends=True)
    filled = edit["newText"].replace('reden=""', 'reden="Volgt in 2025"').replace(
        'eigenaar=""', 'eigenaar="J. Jansen"')
    client.change(uri, "".join(lines[:line] + [filled] + lines[line:]), 2)
    remaining = [d["code"] for d in client.diagnostics(uri)]
    assert "DO-001" not in remaining and "W003" not in remaining
    # unfilled, the waiver itself asks for a reason and an owner
    client.change(uri, "".join(lines[:line] + [edit["newText"]] + lines[line:]), 3)
    assert "W003" in [d["code"] for d in client.diagnostics(uri)]


def test_completion_offers_document_ids_where_a_reference_belongs(repo, client):
    text = (repo / DRAFT).read_text(encoding="utf-8").replace(
        "raamovereenkomst: ro-boce-2022", "raamovereenkomst: ")
    uri = client.open(repo / DRAFT, text)
    client.diagnostics(uri)
    row = text.splitlines().index("raamovereenkomst: ")
    result = client.request("textDocument/completion", {
        "textDocument": {"uri": uri}, "position": {"line": row, "character": 18}})
    assert [item["label"] for item in result["items"]] == ["ro-boce-2022"]
    assert result["items"][0]["detail"].startswith("raamovereenkomst")
    # a field that is not a reference offers nothing
    title_row = next(i for i, line in enumerate(text.splitlines()) if line.startswith("titel:"))
    assert client.request("textDocument/completion", {
        "textDocument": {"uri": uri}, "position": {"line": title_row, "character": 7}}) is None


def test_a_rule_file_shows_its_compile_errors(repo, client):
    rules = repo / "eigen-regels" / "eigen.boce"
    rules.parent.mkdir()
    uri = client.open(rules, "regel XX-1 foo {\n}\n", language="boce")
    [diagnostic] = client.diagnostics(uri)
    assert diagnostic["range"]["start"] == {"line": 0, "character": 6}
    assert "onverwacht teken" in diagnostic["message"]
    good = (ROOT / "rules" / "beleidsagenda.boce").read_text(encoding="utf-8")
    own = re.sub(r"^regel BA-(\d+) (\S+)", r"regel XY-\1 eigen-\2", good, flags=re.M)
    client.change(uri, own, 2)
    assert client.diagnostics(uri) == []


def test_english_diagnostics_with_lang_en(repo):
    client = LspClient(repo, "--lang", "en")
    try:
        good = (repo / DRAFT).read_text(encoding="utf-8")
        uri = client.open(repo / DRAFT, good.replace("\nwerkterrein:", "\nwerkterein:"))
        [diagnostic] = [d for d in client.diagnostics(uri) if d["code"] == "S007"]
        assert diagnostic["message"] == "Unknown field 'werkterein'; did you mean 'werkterrein'?"
        hover = client.request("textDocument/hover", {
            "textDocument": {"uri": uri}, "position": {"line": 20, "character": 2}})
        assert "How to fix it:" in hover["contents"]["value"]
    finally:
        client.close()


def test_a_broken_configuration_is_shown_once_and_checking_goes_on(repo):
    (repo / "boce-lint.toml").write_text('as-of = "2024-03-01"\nselect = ["XX-999"]\n',
                                         encoding="utf-8")
    client = LspClient(repo)
    try:
        text = (repo / DRAFT).read_text(encoding="utf-8")
        uri = client.open(repo / DRAFT, text.replace("\nwerkterrein:", "\nwerkterein:"))
        assert "S007" in [d["code"] for d in client.diagnostics(uri)]  # with the defaults
        client.change(uri, text, 2)  # fixed: the rules run (as of today, the default)
        assert "S007" not in [d["code"] for d in client.diagnostics(uri)]
        client.request("textDocument/hover", {  # a round trip: both changes were handled
            "textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}})
        shown = [m["params"]["message"] for m in client.pending
                 if m.get("method") == "window/showMessage"]
        assert shown == [f"boce-lint: de regels konden niet geladen worden: "
                         f"{repo / 'boce-lint.toml'}: select: unknown rule 'XX-999'"]
    finally:
        client.close()


def test_a_rule_file_is_compiled_against_the_rules_it_joins(repo, client):
    """An exception to a built-in rule's label is no error; reusing a built-in id is."""
    text = (ROOT / "rules" / "raamovereenkomst.boce").read_text(encoding="utf-8")
    start = text.index("regel RA-055 ")
    rule = text[start:text.index("\n# ---", start)]
    assert "uitzondering op opzegtermijn" in rule
    rules = repo / "eigen-regels" / "eigen.boce"
    rules.parent.mkdir()
    uri = client.open(rules, rule.replace("regel RA-055 beeindiging-met-instemming-onvolledig",
                                          "regel XY-055 eigen-beeindiging"), language="boce")
    assert client.diagnostics(uri) == []
    client.change(uri, rule, 2)
    assert [(d["range"]["start"]["line"], d["message"]) for d in client.diagnostics(uri)] == [
        (0, "'RA-055' is al gebruikt door een regel in rules/raamovereenkomst.boce:"
            f"{text[:start].count(chr(10)) + 1}."),
        (0, "'beeindiging-met-instemming-onvolledig' is al gebruikt door een regel in "
            f"rules/raamovereenkomst.boce:{text[:start].count(chr(10)) + 1}.")]
