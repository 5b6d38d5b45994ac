"""The rulebook: the sources registry plus every compiled rule, built-in and user-supplied.

Compiled rules are generated Python (dsl/codegen.py). With the cache on, each rule file's
compiled rules -- their metadata and marshalled code -- are one signed entry in the user's cache
folder, keyed by the file's name and text, the registry, the grammar and boce-lint's own code
and Python version (``code_stamp``); a warm start loads them without importing the rule
language's parser, syntax tree or compiler, and editing one rule file compiles only that file.
Compiled rules of different files do not depend on each other: linking (ids, labels,
exceptions) runs on every load. The whole rulebook is kept once more, keyed by all its files:
its metadata with the parsed registry in one entry, its code in another -- a warm start reads
and verifies one small entry, and the code only when a rule runs (a check whose findings all
come from the repository's cache runs none).

Why not ship the built-in rulebook's code in the package (generated at build time)? Compiling
needs the rule language's dependencies (lark, the schemas, PyYAML) in the isolated build
environment, and the code depends on the JSON Schemas, the registry and every module of the
compiler, so a shipped copy would need a content stamp of all of those to be trusted after an
edit or an upgrade -- which the user cache already has. So the first run after installing or
upgrading compiles (about a second), and every later one, ``check --no-cache`` included (that
flag is about the repository's cache of findings), loads the compiled rules.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import CodeType
from typing import TYPE_CHECKING, Any

from boce_lint.dsl.compiled import CompiledRule
from boce_lint.dsl.errors import RuleFileError
from boce_lint.findings.finding import Citation
from boce_lint.resources import grammar_file, rules_dir

if TYPE_CHECKING:
    from boce_lint.dsl import ast

REGISTRY_FILE = "bronnen.yaml"
GROUPS_FILE = "groepen.yaml"  # the title of each group of rules (one rule file each)
MEETING_FACT = "vergaderplicht"  # 'feit vergaderplicht': the report's meeting duties (facts.py)


CODE = "\0code"  # the cache key of a whole rulebook's code: the rulebook's key and this


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
    _citations: dict[str, Citation] = field(default_factory=dict, repr=False, compare=False)
    # what the engine works out once per rule for all its findings (engine._Facts), by id
    facts: dict[int, Any] = field(default_factory=dict, repr=False, compare=False)

    def top_level(self) -> list[CompiledRule]:
        """Rules evaluated on their own; exceptions run inside the rule they refine."""
        return [r for r in self.rules if not r.exception_to]

    def get(self, rule_id: str) -> CompiledRule | None:
        for rule in self.rules:
            if rule.id == rule_id or rule.name == rule_id:
                return rule
        return None

    def citation(self, key: str) -> Citation:
        """The key's source (made once per key: every finding of a rule carries it)."""
        found = self._citations.get(key)
        if found is None:
            entry = self.registry.get(key, {})
            found = self._citations[key] = Citation(
                key=key, document=entry.get("document", ""), article=entry.get("artikel", ""),
                quote=entry.get("citaat", ""))
        return found


_REGISTRIES: dict[Path | None, dict[str, dict[str, Any]]] = {}  # None: the built-in one


def load_registry(path: Path | None = None) -> dict[str, dict[str, Any]]:
    """The sources registry (read once; the built-in one may come with the compiled rulebook
    from the cache, ``_load_rulebook``)."""
    found = _REGISTRIES.get(path)
    if found is None:
        found = _REGISTRIES[path] = _read_registry(path or rules_dir() / REGISTRY_FILE)
    return found


def _read_registry(path: Path) -> dict[str, dict[str, Any]]:
    import yaml

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
    import yaml

    data = yaml.safe_load((rules_dir() / GROUPS_FILE).read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def rule_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.boce"))


def load_rulebook(extra_dirs: tuple[Path, ...] = (), builtin: bool = True,
                  exclude_groups: tuple[str, ...] = (), cache: bool = True) -> Rulebook:
    """Parse and compile every rule file; all errors are gathered and raised together."""
    # Compiling makes tens of thousands of small objects and no garbage: without the cyclic
    # collector running over them again and again it takes less than half the time.
    paused = gc.isenabled()
    gc.disable()
    try:
        return _load_rulebook(extra_dirs, builtin, exclude_groups, cache)
    finally:
        if paused:
            gc.enable()


def _load_rulebook(extra_dirs: tuple[Path, ...], builtin: bool, exclude_groups: tuple[str, ...],
                   cache: bool, whole_entry: bool = True) -> Rulebook:
    errors: list[RuleFileError] = []
    files: list[Path] = rule_files(rules_dir()) if builtin else []
    for directory in extra_dirs:
        if not directory.is_dir():
            errors.append(RuleFileError(str(directory), 1, 1, "map met regels bestaat niet"))
            continue
        files.extend(rule_files(directory))
    read: list[tuple[Path, str, bytes | RuleFileError]] = []  # path, shown name, its bytes
    builtin_root = rules_dir().resolve()
    for path in files:
        if path.stem in exclude_groups:
            continue
        shown = _shown(path, builtin_root)
        try:
            read.append((path, shown, path.read_bytes()))
        except OSError as error:
            read.append((path, shown, RuleFileError(shown, 1, 1,
                                                    f"kan het bestand niet lezen: {error}")))
    store, stamp = _compiled_cache() if cache else (None, "")
    whole = _whole_key(stamp, read) if store is not None and not errors else None
    if whole_entry and whole is not None:
        def again() -> Rulebook:
            return _load_rulebook(extra_dirs, builtin, exclude_groups, cache, whole_entry=False)

        found_book = _book_from_cache(store, whole, read, again)
        if found_book is not None:
            return found_book
    registry = load_registry()
    book = Rulebook(registry=registry)
    aliases = key_aliases(registry)
    known = set(registry) | set(aliases)
    fresh: list[tuple[str, list[CompiledRule]]] = []  # compiled now, stored when all is well
    per_file: list[list[CompiledRule]] = []
    for path, shown, raw in read:  # errors in the order of the files
        text = _text(shown, raw)
        if isinstance(text, RuleFileError):
            errors.append(text)
            continue
        key = hashlib.sha256(f"{stamp}\0{shown}\0{text}".encode()).hexdigest()
        found = _from_cache(store, key, shown, text)
        if found is not None:
            book.rules.extend(found)
            per_file.append(found)
            continue
        from boce_lint.dsl.compiler import Compiler
        from boce_lint.dsl.parser import parse_rules

        try:
            rules = _parse_rules_cached(text, shown) if cache else parse_rules(text, shown)
        except RuleFileError as error:
            errors.append(error)
            continue
        compiler = Compiler(text, shown, known)
        compiled = [compiler.compile_rule(rule, path.stem) for rule in rules]
        for rule in compiled:
            rule.keys = [aliases.get(k, k) for k in rule.keys]
        book.rules.extend(compiled)
        per_file.append(compiled)
        errors.extend(compiler.errors)
        fresh.append((key, compiled))
    errors.extend(_link(book))
    if errors:
        raise RulebookError(errors)
    if store is not None:
        for key, compiled in fresh:
            store.write(key, {"rules": [rule.cached() for rule in compiled]})
        if whole is not None:  # the code apart: a warm check may not need it
            from boce_lint.dsl.codegen import dump_modules

            store.write_bytes(whole + CODE, dump_modules([r.module_code() for r in book.rules]))
            store.write(whole, {"registry": registry, "files": [
                [{**rule.metadata(), "code": None} for rule in rules] for rules in per_file]})
    return book


def _compiled_cache() -> tuple[Any, str]:
    """The user cache of compiled rule files, and what every key in it starts from: the code
    (its version, modules and Python version), the grammar and the registry."""
    from boce_lint.run.cache import code_stamp, user_cache

    digest = hashlib.sha256(code_stamp().encode())
    for extra in (grammar_file(), rules_dir() / REGISTRY_FILE):
        digest.update(b"\0" + _read_or_empty(extra))
    return user_cache("rulebook"), digest.hexdigest()


def _whole_key(stamp: str, read: list[tuple[Path, str, bytes | RuleFileError]]) -> str | None:
    """The key of the whole rulebook's entry: every rule file's bytes, in order (None when one
    of them cannot be read). Bytes, not text: a warm start decodes no rule file (one that is
    no UTF-8 fails to compile, and a rulebook that fails is never stored)."""
    digest = hashlib.sha256(f"rulebook\0{stamp}".encode())
    for _, shown, raw in read:
        if isinstance(raw, RuleFileError):
            return None
        digest.update(f"\0{shown}\0{len(raw)}\0".encode())
        digest.update(raw)
    return digest.hexdigest()


def _text(shown: str, raw: bytes | RuleFileError) -> str | RuleFileError:
    """A rule file's text as ``Path.read_text`` reads it (UTF-8, universal newlines)."""
    if isinstance(raw, RuleFileError):
        return raw
    try:
        return raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as error:
        return RuleFileError(shown, 1, 1, f"kan het bestand niet lezen: {error}")


def _book_from_cache(store: Any, key: str, read: list[tuple[Path, str, bytes | RuleFileError]],
                     again: Callable[[], Rulebook]) -> Rulebook | None:
    """The whole rulebook from its cache entry (with the registry it was compiled against,
    which the key includes): one read and one signature check at a warm start. The code of
    its rules is a second entry, read when a rule first runs (``_BookCode``). The entries of
    single rule files stay, so that editing one file compiles only that file."""
    entry = store.read(key)
    files, registry = (entry.get("files"), entry.get("registry")) if entry else (None, None)
    if not isinstance(files, list) or len(files) != len(read) or not isinstance(registry, dict):
        return None
    _REGISTRIES.setdefault(None, registry)
    book = Rulebook(registry=load_registry())
    for (_, shown, raw), cached in zip(read, files, strict=True):
        assert isinstance(raw, bytes)
        book.rules.extend(CompiledRule.from_cache(rule, _tree_of(shown, raw, index))
                          for index, rule in enumerate(cached))
    if _link(book):  # stored only without errors
        return None
    code = _BookCode(store, key + CODE, [rule.id for rule in book.rules], again)
    for index, rule in enumerate(book.rules):
        rule.code = code.of(index)
    return book


class _BookCode:
    """The code of every rule of a rulebook loaded whole from the cache, read from its own
    entry when the first rule runs -- or compiled again when that entry is gone (and taken by
    rule id: a rule file may have changed since). The entry is the modules marshalled as one
    (``codegen.dump_modules``), raw signed bytes: no pickle, no copy of the bytes."""

    def __init__(self, store: Any, key: str, ids: list[str], again: Callable[[], Rulebook]
                 ) -> None:
        self._store, self._key, self._ids, self._again = store, key, ids, again
        self._codes: list[CodeType | None] | None = None

    def of(self, index: int) -> Callable[[], CodeType | None]:
        return lambda: self._all()[index]

    def _all(self) -> list[CodeType | None]:
        if self._codes is None:
            from boce_lint.dsl.codegen import load_modules

            codes = load_modules(self._store.read_bytes(self._key), len(self._ids))
            if codes is None:
                compiled = {rule.id: rule.module_code() for rule in self._again().rules}
                codes = [compiled.get(rule_id) for rule_id in self._ids]
            self._codes = codes
        return self._codes


def _from_cache(store: Any, key: str, shown: str, text: str) -> list[CompiledRule] | None:
    """The compiled rules of one rule file from the cache; their syntax trees are parsed again
    only when a consumer asks (``CompiledRule.node``)."""
    entry = store.read(key) if store is not None else None
    found = entry.get("rules") if entry is not None else None
    if not isinstance(found, list):
        return None
    return [CompiledRule.from_cache(cached, _tree_of(shown, text, index))
            for index, cached in enumerate(found)]


def _tree_of(shown: str, text: str | bytes, index: int) -> Callable[[], ast.Rule]:
    """How to parse a rule's syntax tree again (its file's text, or bytes that decoded)."""
    def parse() -> ast.Rule:
        found = _text(shown, text) if isinstance(text, bytes) else text
        assert isinstance(found, str)
        tree: ast.Rule = _parse_rules_cached(found, shown)[index]
        return tree
    return parse


def _read_or_empty(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def compile_text(text: str, shown: str, group: str = "", context: Rulebook | None = None
                 ) -> tuple[list[CompiledRule], list[RuleFileError]]:
    """Compile one rule file's text (an editor's unsaved text): its rules, and every error in
    it — syntax, compilation, and ids or labels that clash with each other or with the rules
    of ``context`` (the rulebook it joins; its own saved version there is left out)."""
    import os

    from boce_lint.dsl.compiler import Compiler
    from boce_lint.dsl.parser import parse_rules

    try:
        rules = parse_rules(text, shown)
    except RuleFileError as error:
        return [], [error]
    compiler = Compiler(text, shown, set(_registry_keys()))
    own = [compiler.compile_rule(rule, group or Path(shown).stem) for rule in rules]
    here = os.path.abspath(shown)
    others = [rule.copy() for rule in (context.rules if context else [])
              if os.path.abspath(rule.file) != here]  # copies: linking appends
    errors = [e for e in _link(Rulebook(rules=others + own)) if e.file == shown]
    return own, list(compiler.errors) + errors


@cache
def _registry_keys() -> frozenset[str]:
    return frozenset(load_registry())


def _parse_rules_cached(text: str, shown: str) -> list[Any]:
    """``parse_rules``, with the syntax trees kept in the user's cache folder (signed pickles,
    keyed by the text and boce-lint's code): Lark's parsing is half of compiling the rulebook."""
    from boce_lint.dsl.parser import parse_rules
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


def _shown(path: Path, builtin_root: Path | None = None) -> str:
    """A built-in rule file is ``rules/NAME`` wherever boce-lint is installed (so that explain,
    SARIF help and cached rules say the same); another one is shown relative to the cwd."""
    resolved = path.resolve()
    if resolved.is_relative_to(builtin_root or rules_dir().resolve()):
        return f"rules/{path.name}"
    try:
        return resolved.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _link(book: Rulebook) -> list[RuleFileError]:
    """Unique ids and labels; each exception attached to the rule it refines; each ``feit`` of a
    rule compiled now checked against the rule's shape (one from the cache was stored only
    without errors)."""
    errors: list[RuleFileError] = []
    seen: dict[str, CompiledRule] = {}
    labels: dict[str, CompiledRule] = {}
    for rule in book.rules:
        for name in (rule.id, rule.name):
            if name in seen and seen[name] is not rule:
                other = seen[name]
                errors.append(RuleFileError(
                    rule.file, rule.line, rule.column,
                    f"'{name}' is al gebruikt door een regel in {other.file}:{other.line}."))
            seen[name] = rule
        if rule.label:
            labels[rule.label] = rule
        if not callable(rule.syntax):
            errors.extend(_fact_errors(rule))
    for rule in book.rules:
        if not rule.exception_to:
            continue
        base = labels.get(rule.exception_to) or seen.get(rule.exception_to)
        if base is None or base is rule:
            errors.append(RuleFileError(rule.file, rule.line, rule.column,
                                        f"Uitzondering op onbekend label '{rule.exception_to}'."))
            continue
        if base.binders != rule.binders:
            errors.append(RuleFileError(
                rule.file, rule.line, rule.column,
                f"Uitzondering {rule.id} moet dezelfde 'voor ...'-regel hebben als {base.id}."))
            continue
        base.exceptions.append(rule)
    return errors


def _fact_errors(rule: CompiledRule) -> list[RuleFileError]:
    """A ``feit`` names a fact the tool knows, and the rule has the shape that fact is read from."""
    from boce_lint.rulebook.facts import meeting_duty

    if rule.fact is None:
        return []
    node = rule.node
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
