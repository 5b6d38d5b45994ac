"""Schema and syntax errors in words a contract manager understands, in Dutch and English.

Validators speak of types, patterns and "mapping values"; a contract manager wrote a decimal
comma, a colon in a title or a date that does not exist. Each helper turns one such technical
fact into what went wrong and how to write it instead.
"""

from __future__ import annotations

import re
from typing import Any

TYPES = {
    "nl": {"string": "tekst", "number": "een getal", "integer": "een geheel getal",
           "boolean": "ja of nee (true/false)", "array": "een lijst", "object": "een object "
           "(velden met een waarde)", "null": "leeg"},
    "en": {"string": "text", "number": "a number", "integer": "a whole number",
           "boolean": "yes or no (true/false)", "array": "a list", "object": "a mapping "
           "(fields with a value)", "null": "empty"},
}
ID_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._-]*$"
_DECIMAL_COMMA = r"^-?\d{1,3}(?:\.\d{3})*,\d+$|^-?\d+,\d+$"  # (compiled for a finding only)
_YES_NO = {"ja": "true", "nee": "false", "yes": "true", "no": "false", "waar": "true",
           "onwaar": "false"}


def describe(value: Any, lang: str) -> str:
    """A value as a reader would name it: "de tekst '12,50'", "the number 3"."""
    nl = lang == "nl"
    if isinstance(value, bool):
        return ("ja/nee" if nl else "yes/no")
    if isinstance(value, (int, float)):
        return f"{'het getal' if nl else 'the number'} {value}"
    if isinstance(value, str):
        return f"{'de tekst' if nl else 'the text'} '{value[:60]}'"
    if isinstance(value, list):
        return "een lijst" if nl else "a list"
    if isinstance(value, dict):
        return "een object" if nl else "a mapping"
    return "een lege waarde" if nl else "an empty value"


def type_message(field: str, expected: str, value: Any) -> tuple[str, str]:
    """'prijs' moet een getal zijn, maar is de tekst '12,50' — with the fix when it is known."""
    nl = (f"'{field}' moet {TYPES['nl'].get(expected, expected)} zijn, maar is "
          f"{describe(value, 'nl')}")
    en = (f"'{field}' must be {TYPES['en'].get(expected, expected)}, but is "
          f"{describe(value, 'en')}")
    if expected in ("number", "integer") and isinstance(value, str) and \
            re.match(_DECIMAL_COMMA, value.strip()):
        fixed = value.strip().replace(".", "").replace(",", ".")
        return (f"{nl}: een getal schrijft u met een punt als decimaalteken en zonder "
                f"scheidingstekens voor duizendtallen: {fixed}.",
                f"{en}: write a number with a decimal point and without thousands separators: "
                f"{fixed}.")
    if expected == "boolean" and isinstance(value, str) and value.strip().lower() in _YES_NO:
        fixed = _YES_NO[value.strip().lower()]
        return f"{nl}; schrijf {fixed}.", f"{en}; write {fixed}."
    if expected == "array" and isinstance(value, dict) and all(v is None for v in value.values()):
        items = ", ".join(str(k) for k in value)
        return (f"{nl}: een lijst staat tussen [ ], niet tussen {{ }}: [{items}].",
                f"{en}: a list stands between [ ], not between {{ }}: [{items}].")
    return f"{nl}.", f"{en}."


def pattern_message(field: str, value: Any, schema: dict[str, Any]) -> tuple[str, str]:
    """What a field with a pattern needs: an id, or the id of another document."""
    pattern = schema.get("pattern", "")
    if pattern == ID_PATTERN:
        kinds = schema.get("x-verwijzing")
        spaces = isinstance(value, str) and " " in value.strip()
        why_nl = "staan spaties" if spaces else "staat een ander teken"
        why_en = "there are spaces" if spaces else "there is another character"
        example = re.sub(r"[^A-Za-z0-9._-]+", "-", str(value).strip()).strip("-._") or "do-ict-2025"
        if kinds:
            what_nl = f"het id van een {' of '.join(kinds)}"
            what_en = f"the id of a {' or '.join(kinds)}"
        else:
            what_nl, what_en = "een id", "an id"
        return (f"'{field}' vraagt {what_nl}: letters, cijfers, '.', '_' en '-', zonder spaties; "
                f"in '{value}' {why_nl}. Bijvoorbeeld: {example}.",
                f"'{field}' needs {what_en}: letters, digits, '.', '_' and '-', without spaces; "
                f"{why_en} in '{value}'. For example: {example}.")
    return (f"'{value}' heeft niet de vorm die '{field}' vraagt (patroon {pattern}).",
            f"'{value}' does not have the form '{field}' needs (pattern {pattern}).")


def unknown_field_hint(name: str, mapping: dict[str, Any]) -> tuple[str, str] | None:
    """An "unknown field" that is really the second half of a value split at a comma."""
    if mapping.get(name) is not None:
        return None
    keys = list(mapping)
    before = keys[keys.index(name) - 1] if keys.index(name) > 0 else None
    previous = mapping.get(before) if before is not None else None
    if name.isdigit() and isinstance(previous, int) and not isinstance(previous, bool):
        return (f"Onbekend veld '{name}': tussen {{ }} scheidt een komma twee velden, dus "
                f"'{before}: {previous},{name}' zijn er twee. Schrijf het getal met een punt: "
                f"{before}: {previous}.{name}.",
                f"Unknown field '{name}': between {{ }} a comma separates two fields, so "
                f"'{before}: {previous},{name}' are two. Write the number with a decimal point: "
                f"{before}: {previous}.{name}.")
    if before is not None and isinstance(previous, str):
        return (f"Onbekend veld '{name}': staat er een komma in de waarde van '{before}' "
                f"tussen {{ }}? Daar scheidt een komma twee velden; zet de waarde tussen "
                f"aanhalingstekens: {before}: \"{previous}, {name}\".",
                f"Unknown field '{name}': does the value of '{before}' between {{ }} hold a "
                f"comma? There a comma separates two fields; quote the value: "
                f"{before}: \"{previous}, {name}\".")
    return None


_KEY_VALUE = r"^(\s*(?:-\s+)?[^\s#:'\"][^:#]*:\s+)(.+?)\s*$"  # (compiled for a finding only)


def syntax_message(problem: str, line_text: str) -> tuple[str, str] | None:
    """libyaml's English for the common mistakes, explained with the fix for that line."""
    if problem == "mapping values are not allowed in this context":
        match = re.match(_KEY_VALUE, line_text)
        if match and (": " in match.group(2) or match.group(2).endswith(":")):
            value = match.group(2).replace("\\", "\\\\").replace('"', '\\"')
            fixed = f"{match.group(1).strip()} \"{value}\""
            return (f"de waarde op deze regel bevat een dubbele punt met een spatie erna (': '); "
                    f"in YAML begint die een nieuw veld. Zet de waarde tussen aanhalingstekens: "
                    f"{fixed}",
                    f"the value on this line holds a colon followed by a space (': '), which "
                    f"starts a new field in YAML. Quote the value: {fixed}")
        problem = "did not find expected key"  # no colon in the value: the indentation
    if problem.startswith("found character '\\t'") or "tab character" in problem:
        return ("er staat een tab; YAML springt in met spaties. Vervang de tab door spaties",
                "there is a tab; YAML indents with spaces. Replace the tab with spaces")
    if problem in ("did not find expected key", "did not find expected '-' indicator",
                   "expected <block end>, but found '<block mapping start>'",
                   "expected <block end>, but found '<block sequence start>'"):
        return ("het inspringen klopt niet: velden van hetzelfde niveau springen even ver in "
                "(met spaties), en de velden van een lijstelement beginnen recht onder elkaar",
                "the indentation is off: fields of one level are indented equally (with spaces), "
                "and the fields of a list item start right below each other")
    if problem == "found character that cannot start any token":
        return ("hier begint een waarde met een teken dat YAML niet als begin van een waarde "
                "toestaat (zoals @, ` of %); zet de waarde tussen aanhalingstekens. Staat er "
                "hierboven een aanhalingsteken open, sluit dat dan eerst",
                "a value starts here with a character YAML does not allow at the start of a "
                "value (such as @, ` or %); quote the value. If a quote above is still open, "
                "close it first")
    if problem in ("did not find expected ',' or ']'", "did not find expected ',' or '}'"):
        close = problem[-2]
        return (f"een lijst of object tussen {'[ ]' if close == ']' else '{ }'} wordt niet "
                f"gesloten met '{close}', of er ontbreekt een komma tussen twee elementen",
                f"a list or mapping between {'[ ]' if close == ']' else '{ }'} is not closed "
                f"with '{close}', or a comma between two items is missing")
    if problem == "found unexpected end of stream":
        return ("een aanhalingsteken wordt niet gesloten; sluit de tekst af met hetzelfde "
                "aanhalingsteken als waarmee hij begint",
                "a quote is never closed; end the text with the quote it starts with")
    if problem == "could not find expected ':'":
        return ("een veld mist zijn dubbele punt, of een tekst over meer regels is niet "
                "ingesprongen; schrijf 'veld: waarde', en een lange tekst als 'veld: >-' met de "
                "tekst ingesprongen op de regels eronder",
                "a field lacks its colon, or a text over several lines is not indented; write "
                "'field: value', and a long text as 'field: >-' with the text indented on the "
                "lines below")
    return None
