"""Configuration: ``[tool.boce-lint]`` in pyproject.toml or a ``boce-lint.toml``, found by
walking up from the checked path, overridden by ``--config KEY=VALUE`` and by flags.

Unknown keys are errors that name the key and the file; so are values of the wrong type.
"""

from __future__ import annotations

import difflib
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
    import datetime as dt

    dt.date.fromisoformat(str(value))
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
                data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError):
                return pyproject  # broken: let load_config report it
            tool = data.get("tool")
            if isinstance(tool, dict) and "boce-lint" in tool:
                return pyproject
    return None


def load_config(path: Path | None, overrides: list[str]) -> LoadedConfig:
    raw: dict[str, Any] = {}
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
    for override in overrides:
        key, sep, value = override.partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"--config {override!r}: expected KEY=VALUE")
        raw[key.strip()] = _toml_value(value.strip())
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
        raise ConfigError(f"{where}: {location}: {first['msg']}") from None
    return LoadedConfig(settings=settings, path=path, text=text)


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
