"""The exception for each problem a composer meets, the same for the Python composer and the C
accelerator (which calls :func:`problem` back): a ParseProblem in the project's words, or, for
what libyaml reports (reader, scanner and parser errors, anchors, documents), the PyYAML error
that ``yamlsource.parse`` words. PyYAML is imported only to make such an error: a check of
files that parse imports no YAML library but the accelerator."""

from __future__ import annotations

from typing import Any

from boce_lint.source.messages import TYPES
from boce_lint.source.positions import MAX_DEPTH, MAX_VALUES, ParseProblem


def _mark(where: tuple[int, int] | None) -> Any:
    """A PyYAML mark (0-based line and column) for errors the composer raises itself."""
    import yaml

    return None if where is None else yaml.Mark("<unicode string>", 0, where[0], where[1],
                                                None, 0)


def problem(kind: str, *args: Any) -> Exception:
    """The exception for one kind of problem, the same for the composer and the accelerator:
    a ParseProblem, or the PyYAML error that parse() words for the reader."""
    if kind in ("too-deep", "too-many-values", "alias-limit", "key-not-text", "merge-key",
                "not-finite"):
        line, column = args
        return ParseProblem(kind if kind in ("too-deep", "too-many-values", "alias-limit")
                            else "unsafe-tag" if kind == "merge-key" else "syntax",
                            *_WORDS[kind], line, column)
    if kind == "unsafe-tag":
        tag, line, column = args
        return ParseProblem("unsafe-tag", f"De YAML-tag '{tag}' wordt niet toegestaan.",
                            f"The YAML tag '{tag}' is not allowed.", line, column)
    if kind in ("bad-scalar", "too-large"):  # (too large: scalars.MAX_INT_BITS and so on)
        tag, text, line, column = args
        shown = text if len(text) <= 40 else text[:37] + "..."
        why = ("dat is ze niet", "it is not one") if kind == "bad-scalar" else \
            ("ze is te groot om te gebruiken", "it is too large to use")
        kind = {"int": "integer", "float": "number", "bool": "boolean"}[tag.rsplit(":", 1)[1]]
        return ParseProblem(
            "syntax", f"YAML leest de waarde '{shown}' als {TYPES['nl'][kind]}, maar {why[0]}; "
            "zet haar tussen aanhalingstekens als het tekst is.",
            f"YAML reads the value '{shown}' as {TYPES['en'][kind]}, but {why[1]}; put it in "
            "quotes if it is text.", line, column)
    if kind == "duplicate-key":
        name, first_line, line, column = args
        return ParseProblem(
            "duplicate-key",
            f"Sleutel '{name}' staat dubbel in dit object (eerder op regel {first_line}); "
            "alleen één waarde kan gelden.",
            f"Key '{name}' appears twice in this mapping (first on line {first_line}); only one "
            "value can apply.", line, column)
    if kind == "no-document":
        return ParseProblem("empty", "Het bestand bevat geen document.",
                            "The file holds no document.")
    return _yaml_error(kind, *args)


def _yaml_error(kind: str, *args: Any) -> Exception:
    import yaml

    if kind == "duplicate-anchor":
        first, second = args
        return yaml.composer.ComposerError("found duplicate anchor; first occurrence",
                                           _mark(first), "second occurrence", _mark(second))
    if kind == "unknown-alias":
        known, anchor, where = args
        return yaml.composer.ComposerError(
            None, None, f"found {'recursive' if known else 'undefined'} alias {anchor!r}",
            _mark(where))
    if kind == "another-document":
        root, where = args
        return yaml.composer.ComposerError("expected a single document in the stream",
                                           _mark(root), "but found another document",
                                           _mark(where))
    if kind == "reader":
        offset, character, reason = args
        return yaml.reader.ReaderError("<unicode string>", offset, character, "?", reason)
    if kind in ("scanner", "parser"):
        context, context_mark, problem_text, problem_mark = args
        error = yaml.scanner.ScannerError if kind == "scanner" else yaml.parser.ParserError
        return error(context, _mark(context_mark), problem_text, _mark(problem_mark))
    raise ValueError(f"unknown problem {kind!r}")  # pragma: no cover - a programming error


_WORDS = {
    "too-deep": (f"Het document is dieper genest dan {MAX_DEPTH} niveaus.",
                 f"The document is nested deeper than {MAX_DEPTH} levels."),
    "too-many-values": (
        f"Het document bevat meer dan {MAX_VALUES} waarden; splits het in kleinere bestanden.",
        f"The document holds more than {MAX_VALUES} values; split it into smaller files."),
    "alias-limit": ("Het document gebruikt te veel aliassen (*anker); schrijf de waarden uit.",
                    "The document expands too many aliases (*anchor); write the values out."),
    "key-not-text": ("Een sleutel moet tekst zijn.", "A key must be text."),
    "merge-key": ("Samenvoegsleutels ('<<') worden niet ondersteund; schrijf de velden uit.",
                  "Merge keys ('<<') are not supported; write the fields out."),
    "not-finite": ("Getallen als .nan en .inf zijn niet toegestaan.",
                   "Numbers such as .nan and .inf are not allowed."),
}
