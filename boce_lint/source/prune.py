"""Take the values that failed their schema out of a document, so the rules still see the rest.

One wrong type must not hide every other gap in the same file: the structural finding reports
the wrong value, and the rules then treat it as absent — where a rule needs it, the finding is
*missing evidence* (the engine knows the pruned pointers), and every other field is judged as
usual. Only a document whose root itself is wrong is left out of the rules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from boce_lint.source.yamlsource import Position, escape_pointer_token

if TYPE_CHECKING:  # only documents that failed their schema come here
    from jsonschema.exceptions import ValidationError

NOTHING_TO_PRUNE = {"required", "dependentRequired"}  # absent already
MAX_PRUNED = 200  # beyond this a file is garbage, not a document with a slip: leave it out

Path = tuple[str | int, ...]


def innermost(error: ValidationError) -> ValidationError:
    """Optional fields nest "anyOf [X, null]": the real error is the best one inside."""
    from jsonschema.exceptions import best_match

    for _ in range(8):
        if error.validator != "anyOf" or not error.context:
            break
        inner = best_match(e for e in error.context if e.validator_value != "null")
        if inner is None:
            break
        error = inner
    return error


def invalid_paths(errors: list[ValidationError]) -> list[Path] | None:
    """The values to take out, outermost only; ``None`` when the document root is invalid."""
    paths: set[Path] = set()
    for error in map(innermost, errors):
        path: Path = tuple(error.absolute_path)
        if error.validator in NOTHING_TO_PRUNE:
            continue
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = error.schema.get("properties", {})
            paths.update(path + (key,) for key in error.instance if key not in allowed)
            continue
        if not path:
            return None
        paths.add(path)
    if len(paths) > MAX_PRUNED:
        return None
    return [p for p in paths if not any(p[:n] in paths for n in range(1, len(p)))]


def prune(data: dict[str, Any], positions: dict[str, Position], paths: list[Path]) -> list[str]:
    """Remove the values at ``paths`` from ``data``; return the JSON pointers of the keys.

    A removed key keeps its position, so a finding about the absent value points at the wrong
    value that stood there. A removed list item is as if it were not listed: the items after
    it move up, with their positions, and its pointer (now another item's) is not returned.
    """
    pointers = [_pointer(p) for p in paths if not isinstance(p[-1], int)]
    for path in sorted(paths, key=_order, reverse=True):  # later list items first
        parent: Any = data
        for step in path[:-1]:
            parent = parent[step]
        last = path[-1]
        del parent[last]
        if isinstance(last, int):
            _shift(positions, _pointer(path[:-1]), last)
    return sorted(pointers)


def _order(path: Path) -> tuple[tuple[int, Any], ...]:
    return tuple((0, step) if isinstance(step, int) else (1, step) for step in path)


def _pointer(path: Path) -> str:
    return "".join("/" + escape_pointer_token(str(step)) for step in path)


def _shift(positions: dict[str, Position], list_pointer: str, removed: int) -> None:
    """Renumber the positions of the items after ``removed`` in the list at ``list_pointer``."""
    prefix = list_pointer + "/"
    moved: dict[str, Position] = {}
    for pointer in [p for p in positions if p.startswith(prefix)]:
        head, _, rest = pointer[len(prefix):].partition("/")
        if not head.isdigit() or int(head) < removed:
            continue
        position = positions.pop(pointer)
        if int(head) > removed:
            moved[f"{prefix}{int(head) - 1}" + (f"/{rest}" if rest else "")] = position
    positions.update(moved)
