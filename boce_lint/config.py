"""Configuration: ``[tool.boce-lint]`` in pyproject.toml or a ``boce-lint.toml``, found by
walking up from the checked path, overridden by ``--config KEY=VALUE`` and by flags.

Unknown keys are errors that name the key and the file; so are values of the wrong type.
A ``pyproject.toml`` belongs to other tools as well: one that does not mention ``tool.boce-lint``
is none of boce-lint's business, even when it is malformed (``mentions_boce_lint``). A
configuration file travels with the repository, so its ``cache-dir`` may only point inside that
repository or into the user's own cache folder; only the command line may point elsewhere.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from boce_lint.formatters import FORMATS

CONFIG_FILES = ("boce-lint.toml", "pyproject.toml")


class ConfigError(Exception):
    """A configuration that cannot be used: one line, exit code 2."""


def _iso_date(value: object) -> str | None:
    """A date written as YYYY-MM-DD (TOML dates are accepted too); kept as text."""
    if value is None:
        return None
    from boce_lint.source.dates import date_problem

    problem = date_problem(value)
    if problem is not None:
        raise ValueError(problem[1])
    return str(value)


class WaiverConfig(BaseModel):
    """A waiver ("pas toe of leg uit"): a known gap, justified, owned, and possibly temporary."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    rule: str
    files: str = "**"
    document: str | None = None
    pointer: str | None = None
    justification: str = Field(min_length=1)
    owner: str = Field(min_length=1)
    expires: str | None = None

    _expires = field_validator("expires")(classmethod(lambda cls, v: _iso_date(v)))


class Settings(BaseModel):
    """Every command-line flag of ``check`` has a key here (kebab-case, as in the flag)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    select: list[str] = Field(default_factory=list)
    ignore: list[str] = Field(default_factory=list)
    fail_on: Literal["error", "warning", "info", "never"] = Field("error", alias="fail-on")
    fail_on_missing_evidence: bool = Field(False, alias="fail-on-missing-evidence")
    exit_zero: bool = Field(False, alias="exit-zero")
    outcome: Literal["violation", "missing-evidence", "all"] = "all"
    as_of: str | None = Field(None, alias="as-of")
    lang: Literal["nl", "en"] = "nl"
    format: str = "text"
    output: dict[str, str] = Field(default_factory=dict)
    statistics: bool = False
    quiet: bool = False
    jobs: int = Field(1, ge=1, le=256)
    include: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)
    rules: list[str] = Field(default_factory=list)
    statutory: bool = True
    baseline: str | None = None
    cache: bool = True
    cache_dir: str | None = Field(None, alias="cache-dir")
    color: Literal["auto", "always", "never"] = "auto"
    severity: dict[str, Literal["error", "warning", "info"]] = Field(default_factory=dict)
    per_file_ignores: dict[str, list[str]] = Field(default_factory=dict, alias="per-file-ignores")
    waivers: list[WaiverConfig] = Field(default_factory=list)

    @field_validator("format")
    @classmethod
    def _format(cls, value: str) -> str:
        if value not in FORMATS:
            raise ValueError(f"unknown format {value!r}; choose from {', '.join(FORMATS)}")
        return value

    _as_of = field_validator("as_of")(classmethod(lambda cls, v: _iso_date(v)))


KEYS = sorted({f.alias or name for name, f in Settings.model_fields.items()})


class LoadedConfig(BaseModel):
    settings: Settings
    path: Path | None = None  # the file it came from, if any
    text: str = ""
    origins: dict[str, str] = Field(default_factory=dict)  # key → where it was set

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
            hint = difflib.get_close_matches(key, KEYS, n=1)
            raise ConfigError(f"{where}: unknown key {key!r}" +
                              (f"; did you mean {hint[0]!r}?" if hint else ""))
    try:
        settings = Settings.model_validate(raw)
    except ValidationError as error:
        first = error.errors()[0]
        location = ".".join(str(p) for p in first["loc"])
        raise ConfigError(f"{where}: {location}: {plain_message(first['msg'])}") from None
    return LoadedConfig(settings=settings, path=path, text=text, origins=origins)


def plain_message(message: str) -> str:
    """A pydantic message without its "Value error, " prefix."""
    return message.removeprefix("Value error, ")


def _toml_value(text: str) -> Any:
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
    values = settings.model_dump(by_alias=True)
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
