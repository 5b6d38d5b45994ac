"""Configuration: ``[tool.boce-lint]`` in pyproject.toml or a ``boce-lint.toml``, found by
walking up from the checked path, overridden by ``--config KEY=VALUE`` and by flags.

Unknown keys are errors that name the key and the file; so are values of the wrong type.
A ``pyproject.toml`` belongs to other tools as well: one that does not mention ``tool.boce-lint``
is none of boce-lint's business, even when it is malformed (``mentions_boce_lint``). A
configuration file travels with the repository, so its ``cache-dir`` may only point inside that
repository or into the user's own cache folder; only the command line may point elsewhere.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from boce_lint.formatters import FORMATS

CONFIG_FILES = ("boce-lint.toml", "pyproject.toml")


class ConfigError(Exception):
    """A configuration that cannot be used: one line, exit code 2."""


class SettingsError(ValueError):
    """A value of the wrong type or out of range; ``location`` is the key (and index) path."""

    def __init__(self, location: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.location = location
        self.message = message


def _iso_date(value: object) -> str | None:
    """A date written as YYYY-MM-DD (TOML dates are accepted too); kept as text."""
    import datetime as dt

    if value is None:
        return None
    if not isinstance(value, (str, dt.date)) or isinstance(value, dt.datetime):
        raise ValueError("expected a date written YYYY-MM-DD")
    from boce_lint.source.dates import date_problem

    problem = date_problem(value)
    if problem is not None:
        raise ValueError(problem[1])
    return str(value)


@dataclass(kw_only=True)
class WaiverConfig:
    """A waiver ("pas toe of leg uit"): a known gap, justified, owned, and possibly temporary."""

    rule: str
    files: str = "**"
    document: str | None = None
    pointer: str | None = None
    justification: str
    owner: str
    expires: str | None = None


@dataclass(kw_only=True)
class Settings:
    """Every command-line flag of ``check`` has a key here: the field's name in kebab-case, as
    in the flag. Plain data, checked by :func:`settings_from` (no validation library: a check
    should start without importing one)."""

    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    fail_on: str = "error"
    fail_on_missing_evidence: bool = False
    exit_zero: bool = False
    outcome: str = "all"
    as_of: str | None = None
    lang: str = "nl"
    format: str = "text"
    output: dict[str, str] = field(default_factory=dict)
    statistics: bool = False
    quiet: bool = False
    jobs: int = 1
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    statutory: bool = True
    baseline: str | None = None
    cache: bool = True
    cache_dir: str | None = None
    color: str = "auto"
    severity: dict[str, str] = field(default_factory=dict)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    waivers: list[WaiverConfig] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """Every setting by its key, in the order of the fields (what ``settings_from`` reads)."""
        return {setting_key(name): value for name, value in dataclasses.asdict(self).items()}


def setting_key(name: str) -> str:
    """A setting's key as written in configuration and flags: ``fail_on`` → ``fail-on``."""
    return name.replace("_", "-")


# ----------------------------------------------------------------------- checking the values
Check = Callable[[Any], Any]  # the value to keep, or ValueError with what was expected


def _is(kind: type | tuple[type, ...], expected: str, optional: bool = False) -> Check:
    def check(value: Any) -> Any:
        if (value is None and optional) or (
                isinstance(value, kind) and not (isinstance(value, bool) and kind is int)):
            return value
        raise ValueError(f"expected {expected}")
    return check


def _choice(*options: str) -> Check:
    def check(value: Any) -> Any:
        if isinstance(value, str) and value in options:
            return value
        raise ValueError(f"expected {' or '.join(repr(o) for o in options)}")
    return check


def _list(item: Check) -> Check:
    def check(value: Any) -> Any:
        if not isinstance(value, list):
            raise ValueError("expected a list")
        return [_at(index, item, element) for index, element in enumerate(value)]
    return check


def _table(item: Check) -> Check:
    def check(value: Any) -> Any:
        if not isinstance(value, dict):
            raise ValueError("expected a table")
        return {name: _at(name, item, element) for name, element in value.items()}
    return check


def _at(location: str | int, check: Check, value: Any) -> Any:
    """``check(value)``, an error's location extended by ``location``."""
    try:
        return check(value)
    except SettingsError as error:
        raise SettingsError((location, *error.location), error.message) from None
    except ValueError as error:
        raise SettingsError((location,), str(error)) from None


def _jobs(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 256:
        return value
    raise ValueError("expected a whole number from 1 to 256")


def _format(value: Any) -> str:
    if isinstance(value, str) and value in FORMATS:
        return value
    raise ValueError(f"unknown format {value!r}; choose from {', '.join(FORMATS)}")


def _non_empty(value: Any) -> str:
    if isinstance(value, str) and value:
        return value
    raise ValueError("expected a text of at least one character")


_TEXT, _TEXTS = _is(str, "a text"), _list(_is(str, "a text"))
_MAYBE_TEXT, _BOOL = _is(str, "a text", optional=True), _is(bool, "true or false")
_WAIVER_FIELDS: dict[str, Check] = {
    "rule": _TEXT, "files": _TEXT, "document": _MAYBE_TEXT, "pointer": _MAYBE_TEXT,
    "justification": _non_empty, "owner": _non_empty, "expires": _iso_date}


def _waiver(value: Any) -> WaiverConfig:
    return WaiverConfig(**_fields(value, _WAIVER_FIELDS, ("rule", "justification", "owner")))


_SETTINGS: dict[str, Check] = {
    "select": _TEXTS, "ignore": _TEXTS, "fail_on": _choice("error", "warning", "info", "never"),
    "fail_on_missing_evidence": _BOOL, "exit_zero": _BOOL,
    "outcome": _choice("violation", "missing-evidence", "all"), "as_of": _iso_date,
    "lang": _choice("nl", "en"), "format": _format, "output": _table(_TEXT),
    "statistics": _BOOL, "quiet": _BOOL, "jobs": _jobs, "include": _TEXTS, "exclude": _TEXTS,
    "rules": _TEXTS, "statutory": _BOOL, "baseline": _MAYBE_TEXT, "cache": _BOOL,
    "cache_dir": _MAYBE_TEXT, "color": _choice("auto", "always", "never"),
    "severity": _table(_choice("error", "warning", "info")),
    "per_file_ignores": _table(_TEXTS), "waivers": _list(_waiver)}


def _fields(value: Any, checks: dict[str, Check], required: tuple[str, ...]) -> dict[str, Any]:
    """The keyword arguments of a record from a table: each value checked, none unknown."""
    if not isinstance(value, dict):
        raise ValueError("expected a table")
    by_key = {setting_key(name): name for name in checks}
    for given in value:
        if given not in by_key:
            raise SettingsError((str(given),), "unknown key")
    for name in required:
        if setting_key(name) not in value:
            raise SettingsError((setting_key(name),), "required key missing")
    return {by_key[k]: _at(k, checks[by_key[k]], v) for k, v in value.items()}


def settings_from(values: dict[str, Any]) -> Settings:
    """Settings from their keys (configuration, ``--config`` and flags merged); raises
    :class:`SettingsError` naming the first wrong key."""
    return Settings(**_fields(values, _SETTINGS, ()))


KEYS = sorted(setting_key(name) for name in _SETTINGS)


@dataclass
class LoadedConfig:
    settings: Settings = field(default_factory=Settings)
    path: Path | None = None  # the file it came from, if any
    text: str = ""
    origins: dict[str, str] = field(default_factory=dict)  # key → where it was set

    def origin(self, key: str) -> str:
        """Where a key's value was written, for error messages: the file, or --config."""
        where = self.origins.get(key, "--config")
        return "--config" if where.startswith("--config") else where

    @property
    def directory(self) -> Path:
        return self.path.parent if self.path else Path.cwd()


def find_config(start: Path) -> Path | None:
    """The nearest boce-lint.toml, or pyproject.toml with a [tool.boce-lint] table, upwards."""
    current = start.resolve()
    if current.is_file():
        current = current.parent
    for directory in (current, *current.parents):
        dedicated = directory / "boce-lint.toml"
        if dedicated.is_file():
            return dedicated
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file():
            import tomllib  # here: most checks find no configuration file to read

            try:
                text = pyproject.read_text(encoding="utf-8")
                data = tomllib.loads(text)
            except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError):
                try:
                    if mentions_boce_lint(pyproject.read_bytes().decode("utf-8", "replace")):
                        return pyproject  # broken, with our table: let load_config report it
                except OSError:
                    return pyproject
                continue  # broken, but another tool's file: not ours to judge
            tool = data.get("tool")
            if isinstance(tool, dict) and "boce-lint" in tool:
                return pyproject
    return None


_OUR_TABLE = re.compile(r"""(?m)tool\s*\.\s*["']?boce-lint|^\s*["']?boce-lint["']?\s*=""")


def mentions_boce_lint(text: str) -> bool:
    """Whether a (possibly malformed) pyproject.toml has, or tries to have, our table."""
    return _OUR_TABLE.search(text) is not None


def _check_cache_dir(value: Any, path: Path) -> None:
    """A configuration file may keep the cache in its repository or the user's cache folder."""
    from boce_lint.run.cache import user_cache_base

    if not isinstance(value, str):
        return  # the type is reported by the settings' validation
    folder = (path.parent / value).resolve()
    allowed = (path.parent.resolve(), user_cache_base().resolve())
    if not any(folder == base or folder.is_relative_to(base) for base in allowed):
        raise ConfigError(
            f"{path}: cache-dir: {value!r} lies outside the repository and the user's cache "
            f"folder ({allowed[1]}); only --cache-dir on the command line may point there")


def load_config(path: Path | None, overrides: list[str]) -> LoadedConfig:
    raw: dict[str, Any] = {}
    origins: dict[str, str] = {}
    text = ""
    if path is not None:
        import tomllib

        try:
            text = path.read_text(encoding="utf-8")
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"{path}: invalid TOML: {error}") from None
        except (OSError, UnicodeDecodeError) as error:
            raise ConfigError(f"{path}: cannot read: {error}") from None
        tool = data.get("tool", {})
        table = (tool.get("boce-lint", {}) if isinstance(tool, dict) else None) \
            if path.name == "pyproject.toml" else data
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.boce-lint] must be a table")
        raw = table
        origins = dict.fromkeys(raw, str(path))
        if "cache-dir" in raw:
            _check_cache_dir(raw["cache-dir"], path)
    for override in overrides:
        key, sep, value = override.partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"--config {override!r}: expected KEY=VALUE")
        raw[key.strip()] = _toml_value(value.strip())
        origins[key.strip()] = f"--config {override}"
    where = str(path) if path else "--config"
    for key in raw:
        if key not in KEYS:
            import difflib  # a suggestion for a mistake: only then
            hint = difflib.get_close_matches(key, KEYS, n=1)
            raise ConfigError(f"{where}: unknown key {key!r}" +
                              (f"; did you mean {hint[0]!r}?" if hint else ""))
    try:
        settings = settings_from(raw)
    except SettingsError as error:
        location = ".".join(str(p) for p in error.location)
        raise ConfigError(f"{where}: {location}: {error.message}") from None
    return LoadedConfig(settings=settings, path=path, text=text, origins=origins)


def _toml_value(text: str) -> Any:
    import tomllib

    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


def waiver_line(config: LoadedConfig, index: int) -> int:
    """The line of the index-th waiver in the configuration file (for findings about it)."""
    count = -1
    for number, line in enumerate(config.text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("[[") and stripped.rstrip("]").endswith("waivers"):
            count += 1
            if count == index:
                return number
        elif stripped.startswith("waivers") and "=" in stripped:
            return number
    return 1


def describe_settings(settings: Settings, config: LoadedConfig, given: set[str], root: Path,
                      color: bool) -> str:
    """``check --show-settings``: every setting as TOML, with where its value came from (a flag,
    --config, the configuration file, or the default). The text parses as TOML."""
    import datetime as dt

    where = str(config.path) if config.path else "none found (or --isolated)"
    lines = [f"# configuration file: {where}", f"# repository root: {root}"]
    values = settings.as_dict()
    width = max(len(key) for key in values) + 3
    for key, value in values.items():
        origin = ("command line" if key in given else config.origins.get(key, "default"))
        if key == "as-of" and value is None:
            lines.append(f"# {key:<{width - 3}} (not set: today, {dt.date.today().isoformat()})"
                         f"  # {origin}")
            continue
        if value is None:
            lines.append(f"# {key:<{width - 3}} (not set)  # {origin}")
            continue
        note = f"; text output {'in colour' if color else 'without colour'}" \
            if key == "color" else ""
        lines.append(f"{key:<{width - 3}} = {_toml(value)}  # {origin}{note}")
    return "\n".join(lines) + "\n"


def _toml(value: Any) -> str:
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(str(k), ensure_ascii=False)} = {_toml(v)}"
                               for k, v in value.items() if v is not None) + "}"
    return json.dumps(str(value))
