"""Load a contract repository: parse files with positions, validate, index, resolve (the files
are found by files.py).

Every problem with a data file becomes a finding at its exact place; the rest of the repository
is still loaded. Only an unusable invocation (a path that does not exist, a device or a pipe
given as the path) raises. A folder that cannot be listed is not skipped silently: it is listed
with the files and loading it gives finding S014, like an unreadable file gives S013.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from boce_lint.findings.finding import Finding, Severity
from boce_lint.findings.structure import PARSE_PROBLEM_CHECK, UNSEEN_CHECKS, structure_finding
from boce_lint.findings.waivers import Waiver, inline_waivers
from boce_lint.source import messages
from boce_lint.source.dates import implausible
from boce_lint.source.dutch import impossible_date, read_dutch
from boce_lint.source.fastschema import valid_check
from boce_lint.source.files import MAX_FILE_BYTES
from boce_lint.source.model import Document, Repository
from boce_lint.source.positions import Positions, positions_table
from boce_lint.source.prune import innermost, invalid_paths, prune
from boce_lint.source.schemafacts import facts
from boce_lint.source.schemas import KIND_NAMES, schema_for
from boce_lint.source.upgrade import FORMAT_VERSION, upgrade_data
from boce_lint.source.yamlsource import (
    ParseProblem,
    decode,
    escape_pointer_token,
    parse,
    utf8_body,
)

if TYPE_CHECKING:  # jsonschema is imported only to explain a document the fast check rejects
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

MAX_SCHEMA_ERRORS_PER_FILE = 20


@dataclass
class LoadedFile:
    """One file, parsed and validated: its document (None when unusable), the findings about
    it, and the inline waivers it carries."""

    document: Document | None
    findings: list[Finding] = field(default_factory=list)
    waivers: list[Waiver] = field(default_factory=list)


@dataclass
class LoadResult:
    """A repository built from loaded files, with every finding about its files."""

    repository: Repository
    findings: list[Finding] = field(default_factory=list)
    waivers: list[Waiver] = field(default_factory=list)  # inline waivers found in the files


def load_file(path: Path, shown: str, raw: bytes | None = None) -> LoadedFile:
    """Read (unless ``raw`` was read already), parse and validate one file."""
    if raw is None:
        if path.is_dir():
            return _unreadable_folder(path, shown)
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                return LoadedFile(None, [structure_finding(
                    "file-too-large", shown, 1, 1,
                    f"Het bestand is {size // (1024 * 1024)} MB; boven "
                    f"{MAX_FILE_BYTES // 1048576} MB wordt het niet gelezen.",
                    f"The file is {size // (1024 * 1024)} MB; above "
                    f"{MAX_FILE_BYTES // 1048576} MB it is not read.")])
            raw = path.read_bytes()
        except OSError as exc:
            return LoadedFile(None, [structure_finding(
                "unreadable-file", shown, 1, 1,
                f"Het bestand kan niet gelezen worden: {exc.strerror}.",
                f"The file cannot be read: {exc.strerror}.")])
    return load_text(raw, str(path), shown)


def load_text(raw: bytes, path: str, shown: str) -> LoadedFile:
    """Parse and validate the bytes read from the file at ``path``."""
    try:
        text = decode(raw)
    except ParseProblem as problem:
        return LoadedFile(None, [_parse_finding(problem, shown)])
    name = os.path.basename(path)
    dot = name.rfind(".")  # the name's suffix as Path.suffix sees it (".json" has none)
    try:
        parsed = parse(text, is_json=0 < dot < len(name) - 1 and name[dot:].lower() == ".json",
                       utf8=utf8_body(raw))
    except ParseProblem as problem:
        loaded = LoadedFile(None, [_parse_finding(problem, shown)])
    else:
        loaded = identify(parsed.data, parsed.positions, shown, maybe_dutch=parsed.maybe_dutch,
                          maybe_far_date=parsed.maybe_far_date)
    if "boce-lint:" in text:
        loaded.waivers, problems = inline_waivers(shown, text)
        loaded.findings.extend(problems)
    return loaded


def _unreadable_folder(path: Path, shown: str) -> LoadedFile:
    reason = "?"
    try:
        with os.scandir(path):
            pass  # readable now: it was not while the repository was walked
    except OSError as error:
        reason = error.strerror or type(error).__name__
    return LoadedFile(None, [structure_finding(
        "unreadable-folder", shown, 1, 1,
        f"De map kan niet gelezen worden: {reason}. Documenten erin ontbreken in de controle; "
        "regels die ze nodig hebben melden ontbrekend bewijs.",
        f"The folder cannot be read: {reason}. Documents in it are missing from the check; "
        "rules that need them report missing evidence.")])


def _parse_finding(problem: ParseProblem, shown: str) -> Finding:
    return structure_finding(PARSE_PROBLEM_CHECK[problem.code], shown, problem.line,
                             problem.column, problem.message, problem.message_en)


def assemble(root: str, files: Iterable[LoadedFile]) -> LoadResult:
    """The repository of the loaded files, in their order: ids are indexed (a second use of an
    id is a finding) and references are checked once every document is known."""
    result = LoadResult(Repository(root=root))
    unseen = []
    for loaded in files:
        result.findings.extend(loaded.findings)
        result.waivers.extend(loaded.waivers)
        if loaded.document is not None:
            _index(loaded.document, result)
        unseen += [f.file for f in loaded.findings if f.rule_name in UNSEEN_CHECKS]
    _check_references(result)
    result.repository.unseen = {path: _kinds_near(path, result.repository) for path in unseen}
    _old_format_notice(result)
    return result


def _kinds_near(path: str, repository: Repository) -> frozenset[str]:
    """The kinds a path that could not be read may hold: those of the documents in its folder
    and the folders below (``overleggen/2023`` beside ``overleggen/2022``: meetings), or every
    kind when nothing stands there."""
    folder = path.rpartition("/")[0]
    prefix = folder + "/" if folder else ""
    kinds = frozenset(d.kind for d in repository.documents if d.file.startswith(prefix))
    return kinds if folder and kinds else frozenset(KIND_NAMES)


def _old_format_notice(result: LoadResult) -> None:
    """One info per repository that still has version-1 files: they load, but can be upgraded."""
    old = [d for d in result.repository.documents if d.format == 1]
    if not old:
        return
    position, _ = old[0].position("/versie")
    n = len(old)
    result.findings.append(structure_finding(
        "old-format", old[0].file, position.line, position.column,
        f"{n} {'bestand gebruikt' if n == 1 else 'bestanden gebruiken'} nog bestandsformaat 1 "
        f"(dit is de eerste); ze worden gelezen, maar 'boce-lint upgrade' zet ze om naar "
        f"formaat {FORMAT_VERSION} met behoud van opmerkingen en opmaak.",
        f"{n} {'file uses' if n == 1 else 'files use'} file format 1 (this is the first); they "
        f"are read, but 'boce-lint upgrade' converts them to format {FORMAT_VERSION}, keeping "
        "comments and layout.", document=old[0], pointer="/versie", value=n,
        severity=Severity.INFO))


def identify(data: Any, positions: Positions, shown: str, *, maybe_dutch: bool = True,
             maybe_far_date: bool = True) -> LoadedFile:
    """The document that parsed data is: its kind, version and id, validated against the
    schema of its kind; a document that cannot be identified is None, with a finding.

    ``maybe_dutch`` and ``maybe_far_date`` False (the parse's hints) say that no text value in
    the data is a Dutch yes/no or amount, or a date with an implausible year: the walks that
    look for them are skipped, as they would find nothing."""
    findings: list[Finding] = []
    return LoadedFile(_identify(data, positions, shown, findings, maybe_dutch, maybe_far_date),
                      findings)


def _identify(data: Any, positions: Positions, shown: str, findings: list[Finding],
              maybe_dutch: bool = True, maybe_far_date: bool = True) -> Document | None:
    if not isinstance(data, dict):
        top = positions[""]
        findings.append(structure_finding(
            "unknown-kind", shown, top.line, top.column,
            "Een document moet een object zijn met 'soort', 'versie' en 'id'.",
            "A document must be a mapping with 'soort', 'versie' and 'id'."))
        return None
    kind = data.get("soort")
    if kind not in KIND_NAMES:
        pos = positions.get("/soort") or positions[""]
        import difflib  # a suggestion for a mistake: only then
        hint = difflib.get_close_matches(str(kind), KIND_NAMES, n=1)
        suggestion = f"; bedoelde u '{hint[0]}'?" if hint else ""
        suggestion_en = f"; did you mean '{hint[0]}'?" if hint else ""
        what = f"Onbekende soort '{kind}'" if kind is not None else "Het veld 'soort' ontbreekt"
        what_en = f"Unknown kind '{kind}'" if kind is not None else "The field 'soort' is missing"
        findings.append(structure_finding(
            "unknown-kind", shown, pos.line, pos.column,
            f"{what}{suggestion or '; kies uit: ' + ', '.join(KIND_NAMES) + '.'}",
            f"{what_en}{suggestion_en or '; choose from: ' + ', '.join(KIND_NAMES) + '.'}",
            value=kind))
        return None
    version = data.get("versie")
    if version not in (1, FORMAT_VERSION) or isinstance(version, bool):  # True == 1
        pos = positions.get("/versie") or positions[""]
        findings.append(structure_finding(
            "unsupported-version", shown, pos.line, pos.column,
            f"Versie {version!r} van het formaat wordt niet ondersteund; gebruik "
            f"'versie: {FORMAT_VERSION}'.",
            f"Format version {version!r} is not supported; use 'versie: {FORMAT_VERSION}'."))
        return None
    if upgrade_data(data):  # a version-1 document is read as version 2 (new values: look)
        maybe_dutch = maybe_far_date = True
    if maybe_dutch:
        read_dutch(kind, data)
    doc_id = data.get("id")
    document = Document(kind=kind, id=doc_id if isinstance(doc_id, str) else f"<{shown}>",
                        file=shown, data=data, positions=positions, format=version)
    quick = valid_check(kind)  # compiled yes/no first; jsonschema only to explain a "no"
    errors = [] if quick is not None and quick(data) else sorted(
        _validator(kind).iter_errors(data), key=lambda e: list(map(str, e.path)))
    for error in errors[:MAX_SCHEMA_ERRORS_PER_FILE]:
        findings.extend(_schema_findings(error, document))
    if errors:  # the rest of the document is still judged, the wrong values taken out
        paths = invalid_paths(errors)
        document.valid = paths is not None
        if paths:  # (prune moves the positions of list items: they are unpacked first)
            document.positions = table = positions_table(positions)
            document.pruned = frozenset(prune(data, table, paths))
    for path in facts(kind).dates if maybe_far_date else ():  # 2205 for 2025: surely a typo
        for value, at in _values_at(data, path):
            far = implausible(value) if isinstance(value, str) else None
            if far is not None:
                pointer = _pointer(path, at)
                pos, _ = document.position(pointer)
                findings.append(structure_finding(
                    "implausible-date", shown, pos.line, pos.column, f"{far[0]}",
                    far[1], document=document, pointer=pointer, value=value,
                    severity=Severity.WARNING))
    return document


@cache
def _validator(kind: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator, FormatChecker

    return Draft202012Validator(schema_for(kind), format_checker=FormatChecker())


def _placeholder_alternative(error: ValidationError) -> bool:
    """The error of the alternative "a template placeholder such as [invoegen]"."""
    return error.validator == "pattern" and "te vullen" in str(error.validator_value)


def _schema_findings(error: ValidationError, document: Document) -> list[Finding]:
    """Turn one jsonschema error into findings (one per unknown key) in Dutch and English."""
    error = innermost(error)
    if _placeholder_alternative(error) and error.parent is not None:
        # best_match descends on its own; "not a placeholder such as [invullen]" explains
        # nothing about a real value, so take the alternative next to it ("not a number")
        others = [e for e in error.parent.context or ()
                  if e.validator_value != "null" and not _placeholder_alternative(e)]
        if others:
            from jsonschema.exceptions import best_match

            error = best_match(others) or error
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = list(error.schema.get("properties", {}))
        base = "".join("/" + escape_pointer_token(str(p)) for p in error.absolute_path)
        found = []
        for name in [k for k in error.instance if k not in allowed]:
            pointer = f"{base}/{escape_pointer_token(name)}"
            position, _ = document.position(pointer)
            import difflib  # a suggestion for a mistake: only then
            hint = difflib.get_close_matches(name, allowed, n=1)
            nl = f"Onbekend veld '{name}'" + (f"; bedoelde u '{hint[0]}'?" if hint else
                                             f"; toegestaan: {', '.join(allowed)}.")
            en = f"Unknown field '{name}'" + (f"; did you mean '{hint[0]}'?" if hint else
                                             f"; allowed: {', '.join(allowed)}.")
            split = None if hint else messages.unknown_field_hint(name, error.instance)
            if split is not None:  # a value cut in two at a comma between { }
                nl, en = split
            found.append(structure_finding(
                "schema-violation", document.file, position.key_line, position.key_column, nl, en,
                document=document, pointer=pointer, value=["additionalProperties", pointer]))
        return found
    return [_schema_finding(error, document)]


def _schema_finding(error: ValidationError, document: Document) -> Finding:
    """Turn one jsonschema error into a finding with a Dutch and an English message."""
    path = [str(p) for p in error.absolute_path]
    pointer = "".join("/" + escape_pointer_token(p) for p in path)
    field_name = path[-1] if path else document.kind
    if len(path) > 1 and path[-1].isdigit():  # a list item: name the list, counting from 1
        field_name = f"{path[-2]} (item {int(path[-1]) + 1})"
    position, _ = document.position(pointer)
    line, column = position.line, position.column
    value = error.instance
    validator = error.validator
    if validator == "required":
        missing = [r for r in error.validator_value if r not in (value or {})]
        name = missing[0] if missing else "?"
        line, column = position.key_line, position.key_column
        nl, en = f"Verplicht veld '{name}' ontbreekt.", f"Required field '{name}' is missing."
    elif validator == "type":
        expected = error.validator_value
        expected = expected if isinstance(expected, str) else expected[0]
        nl, en = messages.type_message(field_name, expected, value)
    elif validator in ("enum", "const"):
        options = error.validator_value if validator == "enum" else [error.validator_value]
        shown = ", ".join(str(o) for o in options)
        nl = f"Waarde {value!r} is niet toegestaan voor '{field_name}'; kies uit: {shown}."
        en = f"Value {value!r} is not allowed for '{field_name}'; choose from: {shown}."
    elif validator in ("format", "anyOf") and error.schema.get("x-type") == "datum" or \
            validator == "format":
        impossible = impossible_date(value)
        if impossible is not None:
            nl = f"'{value}' is geen bestaande datum voor '{field_name}': {impossible[0]}."
            en = f"'{value}' is not an existing date for '{field_name}': {impossible[1]}."
        else:
            nl = f"'{value}' is geen geldige datum voor '{field_name}'; schrijf JJJJ-MM-DD."
            en = f"'{value}' is not a valid date for '{field_name}'; write YYYY-MM-DD."
    elif validator == "pattern":
        nl, en = messages.pattern_message(field_name, value, error.schema)
    elif validator in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        bound = error.validator_value
        word = "minstens" if "inimum" in validator else "hoogstens"
        nl = f"'{field_name}' moet {word} {bound} zijn, maar is {value}."
        limit = "at least" if word == "minstens" else "at most"
        en = f"'{field_name}' must be {limit} {bound}, but is {value}."
    else:
        nl = f"'{field_name}' voldoet niet aan het schema: {error.message}"
        en = f"'{field_name}' does not match the schema: {error.message}"
    return structure_finding("schema-violation", document.file, line, column, nl, en,
                             document=document, pointer=pointer, value=[validator, pointer])


def _index(document: Document, result: LoadResult) -> None:
    first = result.repository.by_id.get(document.id)
    if first is not None and isinstance(document.data.get("id"), str):
        pos, _ = document.position("/id")
        result.findings.append(structure_finding(
            "duplicate-id", document.file, pos.line, pos.column,
            f"Id '{document.id}' wordt al gebruikt in {first.file}; ids moeten uniek zijn.",
            f"Id '{document.id}' is already used in {first.file}; ids must be unique.",
            document=document, pointer="/id", value=document.id))
    result.repository.add(document)


def _check_references(result: LoadResult) -> None:
    repository = result.repository
    for document in repository.documents:
        for path, kinds in facts(document.kind).references:  # (walked out once: schemafacts)
            for ref, at in _values_at(document.data, path):
                if not isinstance(ref, str) or repository.resolve(ref, kinds) is not None:
                    continue
                pointer = _pointer(path, at)
                other = repository.by_id.get(ref)
                pos, _ = document.position(pointer)
                expected = " of ".join(kinds)
                if other is not None:
                    nl = f"'{ref}' verwijst naar een {other.kind}, maar hier hoort een {expected}."
                    en = f"'{ref}' refers to a {other.kind}, but a {expected} belongs here."
                else:
                    nl = f"Verwijzing '{ref}' wijst niet naar een bestaand document ({expected})."
                    en = f"Reference '{ref}' does not point to an existing document ({expected})."
                result.findings.append(structure_finding(
                    "dangling-reference", document.file, pos.line, pos.column, nl, en,
                    document=document, pointer=pointer, value=ref))


def _values_at(data: Any, path: tuple[str, ...],
               at: tuple[int, ...] = ()) -> list[tuple[Any, tuple[int, ...]]]:
    """The values at a field path (``"*"`` steps into list items), each with the list indexes
    on its way: a pointer is made (``_pointer``) only for the few values a finding is about."""
    for n, step in enumerate(path):
        if step == "*":
            if not isinstance(data, list):
                return []
            rest = path[n + 1:]
            return [found for i, item in enumerate(data) for found in _values_at(item, rest,
                                                                                (*at, i))]
        if not isinstance(data, dict) or step not in data:
            return []
        data = data[step]
    return [(data, at)]


def _pointer(path: tuple[str, ...], at: tuple[int, ...]) -> str:
    """The JSON pointer of the value ``_values_at`` found at ``path`` by the indexes ``at``."""
    indexes = iter(at)
    return "".join("/" + (str(next(indexes)) if step == "*" else escape_pointer_token(step))
                   for step in path)
