"""The default format, for people: findings per file with the offending line, then a summary.

Everything taken from the data (messages, file names, source lines, waiver texts) is cleaned of
control characters and escape sequences; in colour, lines are printed as rich ``Text`` objects,
which rich never parses for markup: ``[bold]`` in a contract prints as ``[bold]``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any, cast

from boce_lint.findings.finding import Finding, Outcome, Severity
from boce_lint.safetext import command_safe_path

from . import Report
from ._common import Summary, clean, label, one_line, severity_word, summarize, summary_line

_SEVERITIES = ("error", "warning", "info")

_SEVERITY_STYLES = {"error": "bold red", "warning": "yellow", "info": "blue"}
_INDENT = "  "
TAB_SIZE = 8

class Styled(str):
    """Text with a rich style; joined with other text it is just its characters."""

    style: str

    def __new__(cls, text: str, style: str) -> Styled:
        styled = super().__new__(cls, text)
        styled.style = style
        return styled


# A line of output: its parts (text, some of it styled) and a style for the whole line. Without
# colour a line is just its text, so rich is imported only to print in colour.
Line = tuple[tuple[str, ...], str]


def _unstyled(text: str, style: str) -> str:
    return text


def _styler(report: Report) -> Callable[[str, str], str]:
    """``Styled`` in colour; without colour the text alone (a national run prints 100 000
    lines: no object per styled part)."""
    return Styled if report.color else _unstyled


def _line(*parts: str, style: str = "") -> Line:
    return parts, style


def _plain(line: Line) -> str:
    return "".join(line[0])


# Characters rich counts as one terminal cell each: printable ASCII and U+00A0…U+02FF.
_NOT_NARROW = "[^\x20-\x7e\xa0-\u02ff]"


def cells(text: str) -> int:
    """The width of ``text`` in terminal cells, as rich measures it (rich only when needed)."""
    if (text.isascii() and text.isprintable()) or re.search(_NOT_NARROW, text) is None:
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def _expand_tabs(text: str) -> str:
    """Tabs as rich's ``Text.expand_tabs`` makes them: a space, then up to the next tab stop."""
    out = []
    for line in text.split("\n"):
        position, expanded = 0, []
        parts = line.split("\t")
        for index, part in enumerate(parts):
            if index < len(parts) - 1:
                position += cells(part) + 1
                spaces = (TAB_SIZE - position % TAB_SIZE) % TAB_SIZE
                position += spaces
                part += " " * (1 + spaces)
            expanded.append(part)
        out.append("".join(expanded))
    return "\n".join(out)


def _flat(text: str) -> str:
    """A cleaned source line that keeps its indentation (one_line would strip it)."""
    return clean(text).replace("\n", " ").expandtabs()


SNIPPET_WIDTH = 240  # characters of a source line shown; a longer line shows a window


def _window(raw: str, column: int) -> tuple[str, str]:
    """The source line as shown, and the part before the column (to place the caret): a line
    longer than ``SNIPPET_WIDTH`` shows the stretch around the column, with ellipses."""
    before = max(0, column - 1)
    if len(raw) <= SNIPPET_WIDTH:
        if "\t" not in raw and "\n" not in raw and clean(raw) is raw:
            return raw.rstrip(), raw[:before]  # what _flat gives for nearly every line
        return _flat(raw).rstrip(), _flat(raw[:before])
    start = max(0, min(before - SNIPPET_WIDTH // 4, len(raw) - SNIPPET_WIDTH))
    end = start + SNIPPET_WIDTH
    lead = "\u2026" if start else ""
    shown = lead + _flat(raw[start:end]).rstrip() + ("\u2026" if end < len(raw) else "")
    return shown, lead + _flat(raw[start:before])


def _snippet(report: Report, f: Finding, raw: str) -> list[Line]:
    """The offending line and a caret under the column, measured in terminal cells."""
    paint = _styler(report)
    source, prefix = _window(raw, f.column)
    gutter = str(f.line)
    pad = " " * len(gutter)
    return [
        _line(_INDENT * 2, paint(gutter, "dim"), paint(" | ", "dim"), source),
        _line(_INDENT * 2, pad, paint(" | ", "dim"), " " * cells(prefix), paint("^", "bold red")),
    ]


HeadKey = tuple[str, tuple[str, ...], Severity, Outcome]


class RuleParts:
    """What the lines of a finding take from its rule, worked out once per rule and width:
    the padded id, the continuation indent, the obligations and advice lines (a national run
    prints 30 000 findings of 150 rules). Made for one report, it serves every report of a run
    in the same language and colour, with the same rules (the arrangements' parts, pieces.py)."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.paint = _styler(report)
        lang = report.lang
        width = max(len(severity_word(lang, name)) for name in _SEVERITIES)
        self.words = {name: self.paint(severity_word(lang, name).ljust(width),
                                       _SEVERITY_STYLES[name]) for name in _SEVERITIES}
        self.missing = self.paint(f"[{label(lang, 'missing-evidence')}]", "magenta")
        self._tails: dict[tuple[str, tuple[str, ...], bool, int, int], tuple[Any, ...]] = {}
        self._advice: dict[str, str] = {}
        self._id_widths: dict[str, int] = {}
        self._plain_heads: dict[tuple[int, int], dict[HeadKey, tuple[str, str]]] = {}
        self.plain_words = {severity: self.words[severity.value] for severity in Severity}

    def tail(self, f: Finding, location_width: int, id_width: int) -> tuple[Any, ...]:
        """The head's parts after the location and severity, and the lines after the message."""
        missing = f.outcome is Outcome.MISSING_EVIDENCE
        key = (f.rule_id, f.keys, missing, location_width, id_width)
        found = self._tails.get(key)
        if found is not None:
            return found
        lang, paint = self.report.lang, self.paint
        rest = ["  ", paint(one_line(f.rule_id).ljust(id_width), "bold"), "  "]
        if missing:
            rest += [self.missing, " "]
        word_width = len(self.words["error"])
        head_cells = len(_INDENT) + location_width + 2 + word_width + cells("".join(rest))
        continuation = " " * head_cells
        after: list[Line] = []
        if f.keys:
            keys = ", ".join(one_line(key) for key in f.keys)
            after.append(_line(f"{continuation}{label(lang, 'obligations')}: {keys}", style="dim"))
        advice = self.advice(f.rule_id)
        if advice:
            after.append(_line(f"{continuation}{label(lang, 'advice')}: {advice}", style="dim"))
        found = self._tails[key] = (tuple(rest), tuple(after))
        return found

    def plain_tail(self, f: Finding, location_width: int, id_width: int) -> tuple[str, list[str]]:
        """``tail`` as plain text (without colour); called once per entry of ``plain_heads``,
        whose key is finer, so it keeps no cache of its own."""
        rest, after = self.tail(f, location_width, id_width)
        return "".join(rest), [_plain(line) for line in after]

    def plain_heads(self, location_width: int, id_width: int) -> dict[HeadKey, tuple[str, str]]:
        """For ``_plain_findings``, per rule, severity and outcome: what follows the location up
        to the message, and the lines after the message as one text (filled in there)."""
        key = (location_width, id_width)
        heads = self._plain_heads.get(key)
        if heads is None:
            heads = self._plain_heads[key] = {}
        return heads

    def id_width(self, rule_id: str) -> int:
        """The width of the rule's id as printed."""
        width = self._id_widths.get(rule_id)
        if width is None:
            width = self._id_widths[rule_id] = len(one_line(rule_id))
        return width

    def advice(self, rule_id: str) -> str:
        """The rule's advice (what to do about it), in the report's language, on one line."""
        if rule_id not in self._advice:
            report = self.report
            info = report.rules.get(rule_id)
            self._advice[rule_id] = "" if info is None or not info.advice else one_line(
                info.advice.get(report.lang) or info.advice.get("nl", ""))
        return self._advice[rule_id]


def _finding(rules: RuleParts, f: Finding, location_width: int, id_width: int,
             lines: Sequence[str] | None) -> list[Line]:
    paint = rules.paint
    location = f"{f.line}:{f.column}".ljust(location_width)
    rest, after = rules.tail(f, location_width, id_width)
    message = one_line(f.text(rules.report.lang))  # one finding, one logical line
    out = [_line(_INDENT, paint(location, "dim"), "  ", rules.words[f.severity.value], *rest,
                 message), *after]
    if lines and 1 <= f.line <= len(lines):
        out += _snippet(rules.report, f, lines[f.line - 1].rstrip("\r\n"))
    return out


def _plain_findings(rules: RuleParts, findings: list[Finding], id_width: int,
                    lines: Sequence[str] | None, out: list[Line | str]) -> None:
    """``_finding``'s lines as plain text, for the findings of one file: what a run without
    colour prints, made directly, one text per finding (a national run prints 30 000)."""
    english = rules.report.lang == "en"
    count = len(lines) if lines is not None else 0
    emit = out.append
    locations = [f"{f.line}:{f.column}" for f in findings]
    location_width = max(map(len, locations))
    heads = rules.plain_heads(location_width, id_width)
    snippets: dict[tuple[int, int], str] = {}  # findings of one file often share their place
    for f, location in zip(findings, locations, strict=True):
        head_key = (f.rule_id, f.keys, f.severity, f.outcome)
        found = heads.get(head_key)
        if found is None:
            rest, following = rules.plain_tail(f, location_width, id_width)
            found = heads[head_key] = ("  " + rules.plain_words[f.severity] + rest,
                                       "".join(["\n" + text for text in following]))
        head, after = found
        # Printable text (nearly all) has nothing for clean() to take out, no line breaks or
        # tabs: one_line's regular expressions only for the rest.
        message = f.message_en if english and f.message_en else f.message
        message = message.strip() if message.isprintable() else one_line(message)
        line = f.line
        if 1 <= line <= count:
            place = (line, f.column)
            snippet = snippets.get(place)
            if snippet is None:
                assert lines is not None
                snippet = snippets[place] = _plain_snippet(lines[line - 1], line, f.column)
            emit(f"{_INDENT}{location.ljust(location_width)}{head}{message}{after}{snippet}")
        else:
            emit(f"{_INDENT}{location.ljust(location_width)}{head}{message}{after}")


def _plain_snippet(text: str, line: int, column: int) -> str:
    """``_snippet``'s two lines as plain text, each after a line break. Printable ASCII is one
    cell per character: the regular expressions of _window and cells only for the rest."""
    raw = text.rstrip("\r\n")
    if len(raw) <= SNIPPET_WIDTH and raw.isprintable():
        source, prefix = raw.rstrip(), raw[:max(0, column - 1)]
    else:
        source, prefix = _window(raw, column)
    gutter = str(line)
    return (f"\n{_INDENT * 2}{gutter} | {source}\n{_INDENT * 2}{' ' * len(gutter)} | "
            f"{' ' * (len(prefix) if prefix.isascii() else cells(prefix))}^")


def _not_run(report: Report, file: str) -> str:
    count = report.not_run.get(file, 0)
    if not count:
        return ""
    return label(report.lang, "not-run-1" if count == 1 else "not-run").format(n=count)


def _waived(report: Report, waived: list[Finding]) -> list[Line]:
    """The lines of the waived section under its heading."""
    paint = _styler(report)
    lang = report.lang
    out: list[Line] = []
    baselined: Counter[str] = Counter()
    for f in waived:
        s = f.suppression
        if s is None:
            continue
        if s.kind == "baseline":
            baselined[one_line(s.source)] += 1
            continue
        where = command_safe_path(f"{one_line(f.file)}:{f.line}:{f.column}")
        line = _line(_INDENT, paint(where, "dim"), "  ", paint(one_line(f.rule_id), "bold"), "  ",
                     one_line(s.justification) or "-")
        details = [f"{label(lang, 'owner')}: {one_line(s.owner) or '-'}"]
        if s.expires:
            details.append(f"{label(lang, 'until')}: {one_line(s.expires)}")
        if s.source:
            details.append(f"{label(lang, 'source')}: {one_line(s.source)}")
        out.append(_line(*line[0], paint(f" ({', '.join(details)})", "dim")))
    for source, count in baselined.items():
        where = f" ({source})" if source else ""
        out.append(_line(f"{_INDENT}{count} {label(lang, 'baseline')}{where}", style="dim"))
    return out


def _set_aside(report: Report) -> list[Line]:
    """How much of the repository lay after the as-of date and was not checked."""
    documents, records = report.set_aside.get("documents", 0), report.set_aside.get("records", 0)
    if report.lang == "en":
        text = (f"After the as-of date {report.as_of.isoformat()} (not checked): "
                f"{documents} documents, {records} records in documents.")
    else:
        text = (f"Na de peildatum {report.as_of.isoformat()} (niet getoetst): "
                f"{documents} documenten, {records} onderdelen van documenten.")
    return [_line(text)]


def _statistics(report: Report, counts: Counter[str], names: dict[str, str]) -> list[Line]:
    paint = _styler(report)
    if not counts:
        return _set_aside(report)
    width = max(len(str(n)) for n in counts.values())
    id_width = max(len(one_line(rule_id)) for rule_id in counts)
    out = [_line(f"{label(report.lang, 'per-rule')}:", style="bold")]
    for rule_id, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        out.append(_line(_INDENT, str(count).rjust(width), "  ",
                         paint(one_line(rule_id).ljust(id_width), "bold"), "  ",
                         one_line(names[rule_id])))
    return out + _set_aside(report)


def render(report: Report) -> str:
    if report.quiet:
        return ending(report, summarize(report.findings), Counter(), {}, "")
    files, waived = parts(report)
    active = [f for f in report.findings if f.counts]
    counts = Counter(f.rule_id for f in active)
    names = {f.rule_id: f.rule_name for f in active}
    return files + ending(report, summarize(report.findings), counts, names, waived)


def parts(report: Report, rules: RuleParts | None = None) -> tuple[str, str]:
    """The findings as printed: the blocks per file of those that count, and the lines of the
    waived section. Each line stands alone, so the parts of several arrangements, joined in
    path order, print what their findings together print (:mod:`boce_lint.run.pieces`);
    ``rules``: made for a report before (``RuleParts``)."""
    out: list[Line | str] = []  # without colour, a finding's lines are made as text
    emit = out.append
    waived = [f for f in report.findings if f.suppression is not None]  # (not ``counts``)
    by_file: dict[str, list[Finding]] = {}
    for f in report.findings:
        if f.suppression is None:
            by_file.setdefault(f.file, []).append(f)
    if rules is None:
        rules = RuleParts(report)
    for file, findings in by_file.items():
        header = command_safe_path(one_line(file))
        id_width = max(map(rules.id_width, {f.rule_id for f in findings}))
        lines = report.sources.get(file)
        if report.color:
            location_width = max(len(f"{f.line}:{f.column}") for f in findings)
            emit(_line(header, style="bold underline"))
            for f in findings:
                out.extend(_finding(rules, f, location_width, id_width, lines))
        else:  # plain lines
            emit(header)
            _plain_findings(rules, findings, id_width, lines, out)
        note = _not_run(report, file)
        if note:
            emit(_line(_INDENT + note, style="italic"))
        emit("" if not report.color else _line())
    return _print(out, report.color), _print(_waived(report, waived), report.color)


def ending(report: Report, summary: Summary, counts: Counter[str], names: dict[str, str],
           waived: str) -> str:
    """What follows the findings: the waived section (``waived``: its lines), the count per
    rule of those that count when asked, and the summary line."""
    summary_style = "bold red" if summary.errors else "bold yellow" if summary.warnings else "bold"
    last = _line(summary_line(report, summary), style=summary_style)
    if report.quiet:
        return _print([last], report.color)
    heading = [_line(f"{label(report.lang, 'waived-heading')}:", style="bold")] if waived else []
    out = [_line()] if waived else []
    if report.statistics:
        out += [*_statistics(report, counts, names), _line()]
    return _print(heading, report.color) + waived + _print([*out, last], report.color)


def _print(lines: Sequence[Line | str], color: bool) -> str:
    """The lines as text: without colour, their plain text with tabs expanded (what rich
    prints then); in colour, printed by rich, which never reads markup in ``Text`` objects:
    ``[bold]`` in a contract prints as ``[bold]``."""
    if not color:
        if not lines:
            return ""
        # (tabs expanded line by line: _expand_tabs does that for the lines joined)
        try:  # the plain lines of findings are text already
            text = "\n".join(cast(Sequence[str], lines)) + "\n"
        except TypeError:
            text = "\n".join([line if isinstance(line, str) else "".join(line[0])
                              for line in lines]) + "\n"
        return _expand_tabs(text) if "\t" in text else text
    import io

    from rich.console import Console
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, color_system="standard", width=120,
                      highlight=False, markup=False, emoji=False, legacy_windows=False)
    for line in lines:
        parts, style = ((line,), "") if isinstance(line, str) else line
        console.print(Text.assemble(*((p, getattr(p, "style", "")) for p in parts), style=style),
                      soft_wrap=True)
    return buffer.getvalue()
