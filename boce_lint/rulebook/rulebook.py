"""The rulebook: the sources registry plus every compiled rule, built-in and user-supplied."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from boce_lint.dsl.compiled import CompiledRule
from boce_lint.dsl.compiler import Compiler
from boce_lint.dsl.errors import RuleFileError
from boce_lint.dsl.parser import parse_rules
from boce_lint.findings.finding import Citation
from boce_lint.resources import rules_dir

REGISTRY_FILE = "bronnen.yaml"
GROUPS_FILE = "groepen.yaml"  # the title of each group of rules (one rule file each)
MEETING_FACT = "vergaderplicht"  # 'feit vergaderplicht': the report's meeting duties (facts.py)


class RulebookError(Exception):
    """One or more rule files cannot be used (exit code 2)."""

    def __init__(self, errors: list[RuleFileError]) -> None:
        self.errors = errors
        super().__init__(errors[0].headline() if errors else "rule file error")

    def render(self) -> str:
        return "\n".join(e.render() for e in self.errors)


@dataclass
class Rulebook:
    rules: list[CompiledRule] = field(default_factory=list)
    registry: dict[str, dict[str, Any]] = field(default_factory=dict)

    def top_level(self) -> list[CompiledRule]:
        """Rules evaluated on their own; exceptions run inside the rule they refine."""
        return [r for r in self.rules if not r.exception_to]

    def get(self, rule_id: str) -> CompiledRule | None:
        for rule in self.rules:
            if rule.id == rule_id or rule.name == rule_id:
                return rule
        return None

    def citation(self, key: str) -> Citation:
        entry = self.registry.get(key, {})
        return Citation(key=key, document=entry.get("document", ""),
                        article=entry.get("artikel", ""), quote=entry.get("citaat", ""))


@cache
def load_registry(path: Path | None = None) -> dict[str, dict[str, Any]]:
    path = path or rules_dir() / REGISTRY_FILE
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader: same data, faster
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    if not isinstance(data, dict):
        raise RulebookError([RuleFileError(str(path), 1, 1, "het bronnenregister is geen object")])
    return data


def key_aliases(registry: dict[str, dict[str, Any]] | None = None) -> dict[str, str]:
    """Former obligation keys (``vroegere_sleutels``) mapped to today's key, so that rule files,
    ``select`` and ``ignore`` written for an older catalogue keep working."""
    registry = load_registry() if registry is None else registry
    return {old: key for key, entry in registry.items() if isinstance(entry, dict)
            for old in entry.get("vroegere_sleutels") or ()}


def canonical_key(key: str) -> str:
    return key_aliases().get(key, key)


@cache
def group_titles() -> dict[str, str]:
    """The titles of the built-in rule groups, from ``rules/groepen.yaml``."""
    data = yaml.safe_load((rules_dir() / GROUPS_FILE).read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def rule_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.boce"))


def load_rulebook(extra_dirs: tuple[Path, ...] = (), builtin: bool = True,
                  exclude_groups: tuple[str, ...] = (), cache: bool = True) -> Rulebook:
    """Parse and compile every rule file; all errors are gathered and raised together."""
    registry = load_registry()
    book = Rulebook(registry=registry)
    errors: list[RuleFileError] = []
    files: list[Path] = rule_files(rules_dir()) if builtin else []
    for directory in extra_dirs:
        if not directory.is_dir():
            errors.append(RuleFileError(str(directory), 1, 1, "map met regels bestaat niet"))
            continue
        files.extend(rule_files(directory))
    for path in files:
        if path.stem in exclude_groups:
            continue
        shown = _shown(path)
        try:
            text = path.read_text(encoding="utf-8")
            rules = _parse_rules_cached(text, shown) if cache else parse_rules(text, shown)
        except RuleFileError as error:
            errors.append(error)
            continue
        except (OSError, UnicodeDecodeError) as error:
            errors.append(RuleFileError(shown, 1, 1, f"kan het bestand niet lezen: {error}"))
            continue
        aliases = key_aliases(registry)
        compiler = Compiler(text, shown, set(registry) | set(aliases))
        for rule in rules:
            compiled = compiler.compile_rule(rule, path.stem)
            compiled.keys = [aliases.get(k, k) for k in compiled.keys]
            book.rules.append(compiled)
        errors.extend(compiler.errors)
    errors.extend(_link(book))
    if errors:
        raise RulebookError(errors)
    return book


def compile_text(text: str, shown: str, group: str = "", context: Rulebook | None = None
                 ) -> tuple[list[CompiledRule], list[RuleFileError]]:
    """Compile one rule file's text (an editor's unsaved text): its rules, and every error in
    it — syntax, compilation, and ids or labels that clash with each other or with the rules
    of ``context`` (the rulebook it joins; its own saved version there is left out)."""
    import dataclasses
    import os

    try:
        rules = parse_rules(text, shown)
    except RuleFileError as error:
        return [], [error]
    compiler = Compiler(text, shown, set(_registry_keys()))
    own = [compiler.compile_rule(rule, group or Path(shown).stem) for rule in rules]
    here = os.path.abspath(shown)
    others = [dataclasses.replace(rule, exceptions=[]) for rule in (context.rules if context
              else []) if os.path.abspath(rule.file) != here]  # copies: linking appends
    errors = [e for e in _link(Rulebook(rules=others + own)) if e.file == shown]
    return own, list(compiler.errors) + errors


@cache
def _registry_keys() -> frozenset[str]:
    return frozenset(load_registry())


def _parse_rules_cached(text: str, shown: str) -> list[Any]:
    """``parse_rules``, with the syntax trees kept in the user's cache folder (signed pickles,
    keyed by the text and boce-lint's code): Lark's parsing is half of loading the rulebook."""
    import hashlib

    from boce_lint.run.cache import code_stamp, user_cache

    store = user_cache("rules")
    key = hashlib.sha256(f"{code_stamp()}|{shown}|{text}".encode()).hexdigest()
    entry = store.read(key) if store is not None else None
    cached = entry.get("rules") if entry is not None else None
    if isinstance(cached, list):
        return cached
    rules = parse_rules(text, shown)
    if store is not None:
        store.write(key, {"rules": rules})
    return rules


def _shown(path: Path) -> str:
    """A built-in rule file is ``rules/NAME`` wherever boce-lint is installed (so that explain,
    SARIF help and cached rules say the same); another one is shown relative to the cwd."""
    if path.resolve().is_relative_to(rules_dir().resolve()):
        return f"rules/{path.name}"
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _link(book: Rulebook) -> list[RuleFileError]:
    """Unique ids and labels; each exception attached to the rule it refines."""
    errors: list[RuleFileError] = []
    seen: dict[str, CompiledRule] = {}
    labels: dict[str, CompiledRule] = {}
    for rule in book.rules:
        node = rule.node
        for name in (rule.id, rule.name):
            if name in seen and seen[name] is not rule:
                other = seen[name].node
                errors.append(RuleFileError(
                    node.file, node.line, node.column,
                    f"'{name}' is al gebruikt door een regel in {other.file}:{other.line}."))
            seen[name] = rule
        if node.label:
            labels[node.label] = rule
        errors.extend(_fact_errors(rule))
    for rule in book.rules:
        node = rule.node
        if not node.exception_to:
            continue
        base = labels.get(node.exception_to) or seen.get(node.exception_to)
        if base is None or base is rule:
            errors.append(RuleFileError(node.file, node.line, node.column,
                                        f"Uitzondering op onbekend label '{node.exception_to}'."))
            continue
        if _binders(base) != _binders(rule):
            errors.append(RuleFileError(
                node.file, node.line, node.column,
                f"Uitzondering {rule.id} moet dezelfde 'voor ...'-regel hebben als {base.id}."))
            continue
        base.exceptions.append(rule)
    return errors


def _fact_errors(rule: CompiledRule) -> list[RuleFileError]:
    """A ``feit`` names a fact the tool knows, and the rule has the shape that fact is read from."""
    from boce_lint.rulebook.facts import meeting_duty

    node = rule.node
    if node.fact is None:
        return []
    line, column = node.clause_lines.get("fact", (node.line, node.column))
    if node.fact != MEETING_FACT:
        return [RuleFileError(node.file, line, column,
                              f"Onbekend feit '{node.fact}'; bekend is: {MEETING_FACT}.")]
    if meeting_duty(rule, {}) is None:
        return [RuleFileError(
            node.file, line, column,
            f"Regel {rule.id} heeft 'feit {MEETING_FACT}', maar telt niet per volledig "
            "kalenderjaar de overleggen van één orgaan ('laat n = aantal overleg o waarvoor "
            "kleine_letters(o.orgaan) = \"...\" ...') met 'vereist n >= getal'.")]
    return []


def _binders(rule: CompiledRule) -> list[tuple[str, str]]:
    from boce_lint.dsl import ast

    result = []
    for statement in rule.node.statements[: rule.leading_binders]:
        assert isinstance(statement, ast.ForEach)
        for b in statement.binders:
            result.append((b.source.noun, b.source.var) if isinstance(b, ast.Each)
                          else ("kalenderjaar", b.var))
    return result
