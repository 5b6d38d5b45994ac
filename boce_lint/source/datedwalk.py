"""The quick look before the as-of date is applied to a document (``timeline.as_of``): may a
date it holds lie after the as-of date, and does one of its versions carry content?

Most documents hold nothing later and no version content, so the view shares them as they are;
only for the others are dates parsed, records pruned and versions laid over the base. The look
is Python written out per kind (loops and lookups inline, no call per record: it runs for every
document of every check), over the paths that the kind's schema allows: a document that passed
its schema holds no other field (an unknown one is taken out when it is loaded), so the look
does not ask for the records of other kinds. A document that failed its schema gets the slow
walk, which looks everywhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from types import CodeType
from typing import Any

from boce_lint.source.schemas import branches, schema_for

LATE = 1  # a date may lie after the as-of date: the slow walk decides
VERSIONED = 2  # a version carries content (``inhoud``): ``content_on`` lays it over the base
CONTENT: str | None = None  # in a tree, where a version's content may stand (not a date field)

# A tree of steps: a node is (the date fields of the records standing there; its (step, node)
# pairs); a field of CONTENT marks a version whose ``inhoud`` is looked for.
Node = tuple[tuple[Any, ...], tuple[tuple[str, "Node"], ...]]
Quick = Callable[[Any, str, dt.date], int]


def tree(paths: Sequence[tuple[Sequence[str], Any]]) -> Node:
    """(path, field) pairs as a tree of steps, asked in one walk."""
    here = tuple(dict.fromkeys(field for path, field in paths if not path))
    steps: dict[str, list[tuple[Sequence[str], Any]]] = {}
    for path, field in paths:
        if path:
            steps.setdefault(path[0], []).append((path[1:], field))
    return here, tuple((step, tree(below)) for step, below in steps.items())


def may_hold(kind: str, path: Sequence[str]) -> bool:
    """Whether a document of ``kind`` that passed its schema may hold a value at ``path``
    (``"*"`` steps into list items)."""
    root = schema_for(kind)

    def walk(schema: dict[str, Any], at: int) -> bool:
        if at == len(path):
            return True
        step = path[at]
        for branch in branches(schema, root):
            kinds = branch.get("type")
            if kinds is None and not {"properties", "items", "enum", "const"} & branch.keys():
                return True  # anything may stand here
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if step == "*":
                if "array" in kinds and walk(branch.get("items", {}), at + 1):
                    return True
            elif "object" in kinds:
                properties = branch.get("properties", {})
                extra = branch.get("additionalProperties", True)
                if step in properties:
                    if walk(properties[step], at + 1):
                        return True
                elif extra is True or (isinstance(extra, dict) and walk(extra, at + 1)):
                    return True
        return False

    return walk(root, 0)


def quick(code: CodeType, after_date: Callable[[Any, dt.date], bool]) -> Quick:
    """The function ``code`` (of ``walk_code``) defines, calling ``after_date``."""
    namespace: dict[str, Any] = {"_after_date": after_date}
    exec(code, namespace)
    found: Quick = namespace["quick"]
    return found


def walk_code(name: str, node: Node) -> CodeType:
    """The quick look over ``node`` as the code of one function of (data, as-of date as ISO
    text, as-of date): LATE as soon as a date may lie after the as-of date, else VERSIONED when
    a version carries content, else 0.

    An ISO date compares as text; a text is later only when it also starts with a digit, as
    every text ``date_of`` reads as a date does (a placeholder such as '[datum]' is not). A
    text of that form that is no date (2023-02-30) may answer LATE, which only makes the slow
    walk look where it need not; any other value is read as ``date_of`` reads it (the function
    ``_after_date`` of the namespace it runs in)."""
    lines = ["def quick(v0, iso, date):", "    found = 0"]

    def walk(node: Node, depth: int, pad: str) -> None:
        fields, steps = node
        value = f"v{depth}"
        named = [(step, below) for step, below in steps if step != "*"]
        if fields or named:
            lines.append(f"{pad}if isinstance({value}, dict):")
        for field in fields:
            if field is CONTENT:
                lines.extend([f"{pad}    if isinstance({value}.get('inhoud'), dict):",
                              f"{pad}        found = {VERSIONED}"])
                continue
            when = f"w{depth}"
            lines.extend([
                f"{pad}    {when} = {value}.get({field!r})",
                f"{pad}    if (iso < {when} < ':' if {when}.__class__ is str else {when} is not "
                f"None and _after_date({when}, date)):",
                f"{pad}        return {LATE}"])
        for step, below in named:  # (what stands there is asked whether it is a dict or list)
            lines.append(f"{pad}    v{depth + 1} = {value}.get({step!r})")
            walk(below, depth + 1, pad + "    ")
        for _, below in (item for item in steps if item[0] == "*"):
            lines.extend([f"{pad}if isinstance({value}, list):",
                          f"{pad}    for v{depth + 1} in {value}:"])
            walk(below, depth + 1, pad + "        ")
        if not fields and not steps:
            lines.append(f"{pad}pass")

    walk(node, 0, "    ")
    lines.append("    return found")
    return compile("\n".join(lines), f"<dates of {name}>", "exec")
