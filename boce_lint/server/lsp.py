"""The Language Server Protocol side: documents in, diagnostics, hovers, code actions and
completions out (pygls over standard input/output).

On every open and change, the repository of the document is checked with the text of all
open documents (:mod:`boce_lint.server.checker`), and each open document of that repository
gets its findings as diagnostics — the same findings ``boce-lint check`` reports. A ``.boce``
rule file gets its compile errors instead.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path
from pygls.workspace import TextDocument
from pygls.workspace.position_codec import ServerTextPosition

from boce_lint import __version__
from boce_lint.findings.finding import Finding, Severity
from boce_lint.findings.structure import STRUCTURE_CHECKS
from boce_lint.rulebook.explain import explain, explain_check, find_check
from boce_lint.rulebook.rulebook import Rulebook
from boce_lint.server.checker import Checked, RepositoryChecker
from boce_lint.server.completion import candidates, expected_kinds

SOURCE = "boce-lint"
TYPING_PAUSE = 0.05  # seconds without a newer change before a change is checked
_SEVERITY = {Severity.ERROR: lsp.DiagnosticSeverity.Error,
             Severity.WARNING: lsp.DiagnosticSeverity.Warning,
             Severity.INFO: lsp.DiagnosticSeverity.Information}
_DATA_SUFFIXES = (".yaml", ".yml", ".json")
_WAIVER_TITLE = {"nl": "Uitzondering (pas toe of leg uit) voor {rule} toevoegen",
                 "en": "Add a waiver (comply or explain) for {rule}"}
_NO_RULES = {"nl": "boce-lint: de regels konden niet geladen worden: ",
             "en": "boce-lint: the rules could not be loaded: "}


def rules_doc_url() -> str:
    """The rule reference shipped with boce-lint (docs/rules.md), as a file URI."""
    from boce_lint.resources import _PACKAGE

    for candidate in (_PACKAGE / "_data" / "docs" / "rules.md",
                      _PACKAGE.parent / "docs" / "rules.md"):
        if candidate.is_file():
            return candidate.as_uri()
    return "https://pypi.org/project/boce-lint/"


class BoceServer(LanguageServer):
    """The server's state: the checker, and the last check of each repository."""

    def __init__(self) -> None:
        super().__init__("boce-lint", __version__,
                         text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental)
        self.checker = RepositoryChecker()
        self.checked: dict[Path, Checked] = {}
        self.docs_url = rules_doc_url()
        self.told: set[str] = set()  # problems already shown to the user
        self.builtin: Rulebook | None = None  # the built-in rules, for a lone rule file

    # -------------------------------------------------------------------------- checking
    def open_paths(self) -> dict[str, TextDocument]:
        found = {}
        for uri, document in self.workspace.text_documents.items():
            path = to_fs_path(uri)
            if path is not None:
                found[os.path.abspath(path)] = document
        return found

    def recheck(self, uri: str) -> None:
        path = to_fs_path(uri)
        if path is None:
            return
        if path.endswith(".boce"):
            self.publish_rule_file(uri)
            return
        if not path.endswith(_DATA_SUFFIXES):
            return
        root = self.checker.root_of(path)
        open_docs = self.open_paths()
        overlay = {p: d.source.encode("utf-8") for p, d in open_docs.items()
                   if p.endswith(_DATA_SUFFIXES) and _under(p, root)}
        try:
            checked = self.checker.check(root, overlay)
        except Exception as error:  # never take the editor down: say it once, keep serving
            self.tell(f"boce-lint: internal error: {type(error).__name__}: {error}")
            return
        self.checked[root] = checked
        if checked.problem:
            self.tell(_NO_RULES[checked.lang] + checked.problem)
        for p in overlay:
            document = open_docs[p]
            self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(
                uri=document.uri, version=document.version,
                diagnostics=[self.diagnostic(document, f, checked)
                             for f in checked.findings.get(p, [])]))

    def tell(self, message: str) -> None:
        """Show a problem with the repository or the server once, not after every keystroke."""
        if message not in self.told:
            self.told.add(message)
            self.window_show_message(lsp.ShowMessageParams(lsp.MessageType.Error, message))

    def diagnostic(self, document: TextDocument, finding: Finding, checked: Checked
                   ) -> lsp.Diagnostic:
        lines = document.lines
        row = max(finding.line - 1, 0)
        start = max(finding.column - 1, 0)
        text = lines[row].rstrip("\r\n") if row < len(lines) else ""
        end = len(text.rstrip()) if len(text.rstrip()) > start else start + 1
        span = document.range_to_client_units(_server_range(row, start, end))
        message = finding.text(checked.lang)
        advice = _advice(checked, finding.rule_id)
        if advice:
            message += f"\n{'Advies' if checked.lang == 'nl' else 'Advice'}: {advice}"
        return lsp.Diagnostic(
            range=span, message=message, severity=_SEVERITY[finding.severity],
            code=finding.rule_id, source=SOURCE,
            code_description=lsp.CodeDescription(href=f"{self.docs_url}#{_anchor(finding)}"),
            data={"rule": finding.rule_id, "name": finding.rule_name})

    def publish_rule_file(self, uri: str) -> None:
        from boce_lint.rulebook.rulebook import compile_text

        document = self.workspace.get_text_document(uri)
        shown = to_fs_path(uri) or uri
        _, errors = compile_text(document.source, shown, context=self.rules_around(shown))
        diagnostics = []
        for error in errors:
            row, column = max(error.line - 1, 0), max(error.column - 1, 0)
            diagnostics.append(lsp.Diagnostic(
                range=document.range_to_client_units(_server_range(row, column, column + 1)),
                message=error.message, severity=lsp.DiagnosticSeverity.Error, source=SOURCE))
        self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(
            uri=uri, version=document.version, diagnostics=diagnostics))

    def rules_around(self, path: str) -> Rulebook:
        """The rulebook a rule file joins: its repository's, else the built-in rules."""
        checked = self.checked.get(self.checker.root_of(path))
        if checked is not None and checked.rulebook is not None:
            return checked.rulebook
        if self.builtin is None:
            from boce_lint.rulebook.rulebook import load_rulebook

            self.builtin = load_rulebook()
        return self.builtin

    def checked_for(self, uri: str) -> Checked | None:
        path = to_fs_path(uri)
        return self.checked.get(self.checker.root_of(path)) if path else None


def _under(path: str, root: Path) -> bool:
    return path.startswith(str(root).rstrip(os.sep) + os.sep)


def _server_range(row: int, start: int, end: int) -> Any:
    from pygls.workspace.position_codec import ServerTextRange

    return ServerTextRange(ServerTextPosition(row, start), ServerTextPosition(row, end))


def _anchor(finding: Finding) -> str:
    from boce_lint.rulebook.ruledocs import anchor

    return anchor(finding.rule_id, finding.rule_name)


def _advice(checked: Checked, rule_id: str) -> str:
    if checked.rulebook is None:
        return ""
    rule = checked.rulebook.get(rule_id)
    return rule.advice(checked.lang) if rule is not None else ""


server = BoceServer()


@server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: BoceServer, params: lsp.DidOpenTextDocumentParams) -> None:
    ls.recheck(params.text_document.uri)


@server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
async def did_change(ls: BoceServer, params: lsp.DidChangeTextDocumentParams) -> None:
    """Check once typing pauses: a change followed at once by another is not checked."""
    uri, version = params.text_document.uri, params.text_document.version
    await asyncio.sleep(TYPING_PAUSE)
    if ls.workspace.get_text_document(uri).version not in (version, None):
        return  # a newer change came in; its own handler checks
    ls.recheck(uri)


@server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: BoceServer, params: lsp.DidSaveTextDocumentParams) -> None:
    if params.text_document.uri.endswith(".boce"):  # a rule of a repository's own folder
        ls.checker.forget_rules()
        for uri in list(ls.workspace.text_documents):
            if not uri.endswith(".boce"):
                ls.recheck(uri)
    ls.recheck(params.text_document.uri)


@server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: BoceServer, params: lsp.DidCloseTextDocumentParams) -> None:
    ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(
        uri=params.text_document.uri, diagnostics=[]))
    path = to_fs_path(params.text_document.uri)
    if path and path.endswith(_DATA_SUFFIXES):  # its saved text counts again for the others
        for uri in list(ls.workspace.text_documents):
            if uri != params.text_document.uri:
                ls.recheck(uri)
                break


@server.feature(lsp.TEXT_DOCUMENT_HOVER)
def hover(ls: BoceServer, params: lsp.HoverParams) -> lsp.Hover | None:
    checked = ls.checked_for(params.text_document.uri)
    path = to_fs_path(params.text_document.uri)
    if checked is None or path is None:
        return None
    row = params.position.line + 1
    codes = []
    for finding in checked.findings.get(os.path.abspath(path), []):
        if finding.line == row and finding.rule_id not in codes:
            codes.append(finding.rule_id)
    texts = []
    for code in codes:
        check = find_check(code)
        if check is not None:
            texts.append(explain_check(check, checked.lang))
        elif checked.rulebook is not None:
            texts.append(explain(checked.rulebook, code, checked.lang) or code)
    if not texts:
        return None
    return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.PlainText,
                                                value="\n\n".join(texts)))


@server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION,
                lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]))
def code_action(ls: BoceServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
    uri = params.text_document.uri
    if not uri.endswith((".yaml", ".yml")):
        return []  # JSON has no comments, so no place for an inline waiver
    document = ls.workspace.get_text_document(uri)
    checked = ls.checked_for(uri)
    lang = checked.lang if checked else "nl"
    expires = (checked.as_of if checked else dt.date.today()) + dt.timedelta(days=365)
    actions = []
    for diagnostic in params.context.diagnostics:
        code = diagnostic.code
        if diagnostic.source != SOURCE or not isinstance(code, str) or \
                code in {c.id for c in STRUCTURE_CHECKS.values() if c.id[0] == "W"}:
            continue
        row = diagnostic.range.start.line
        line = document.lines[row] if row < len(document.lines) else ""
        indent = line[: len(line) - len(line.lstrip(" "))]
        comment = (f'{indent}# boce-lint: negeer {code} reden="" eigenaar="" '
                   f"vervalt={expires.isoformat()}\n")
        edit = lsp.TextEdit(range=lsp.Range(lsp.Position(row, 0), lsp.Position(row, 0)),
                            new_text=comment)
        actions.append(lsp.CodeAction(
            title=_WAIVER_TITLE[lang].format(rule=code), kind=lsp.CodeActionKind.QuickFix,
            diagnostics=[diagnostic], edit=lsp.WorkspaceEdit(changes={uri: [edit]})))
    return actions


@server.feature(lsp.TEXT_DOCUMENT_COMPLETION, lsp.CompletionOptions(trigger_characters=[" "]))
def completion(ls: BoceServer, params: lsp.CompletionParams) -> lsp.CompletionList | None:
    uri = params.text_document.uri
    if not uri.endswith((".yaml", ".yml")):
        return None
    document = ls.workspace.get_text_document(uri)
    position = document.position_from_client_units(params.position)
    kinds = expected_kinds(document.source, position.line, position.character)
    if not kinds:
        return None
    checked = ls.checked_for(uri)
    if checked is None or checked.repository is None:
        ls.recheck(uri)
        checked = ls.checked_for(uri)
    if checked is None or checked.repository is None:
        return None
    own = next((d.id for d in checked.repository.documents
                if os.path.abspath(d.file) == os.path.abspath(to_fs_path(uri) or "")), None)
    items = [lsp.CompletionItem(label=doc_id, kind=lsp.CompletionItemKind.Reference,
                                detail=f"{kind} — {title}" if title else kind)
             for doc_id, kind, title in candidates(checked.repository, kinds, own)]
    return lsp.CompletionList(is_incomplete=False, items=items)


def serve(lang: str | None = None) -> None:
    """Speak LSP over standard input and output until the editor says exit."""
    server.checker.lang = lang
    server.start_io()
