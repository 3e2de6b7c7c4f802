"""YAML read as text with line numbers, so every error can say where it is.

Every scalar stays a string: YAML 1.1 reads an unquoted ``4:00`` as the integer
240 (base 60) and ``1:30`` as 90, so runwalk parses each value itself and the
same spelling means the same thing quoted or not.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .errors import RunwalkError

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NULLS = {"", "~", "null", "Null", "NULL"}


class Text(str):
    """A scalar from a YAML file, knowing its line."""

    line: int


class Mapping(dict):
    """A YAML mapping with the line of the mapping and of each key."""

    line: int
    key_lines: dict


class Sequence(list):
    """A YAML sequence with its line and the line of each item."""

    line: int
    item_lines: list


def _convert(node, file: str):
    line = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode):
        if not node.style and node.value in _NULLS:
            return None
        text = Text(node.value)
        text.line = line
        return text
    if isinstance(node, yaml.SequenceNode):
        seq = Sequence(_convert(item, file) for item in node.value)
        seq.line = line
        seq.item_lines = [item.start_mark.line + 1 for item in node.value]
        return seq
    mapping = Mapping()
    mapping.line = line
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise RunwalkError("a key must be a plain word", file, key_node.start_mark.line + 1)
        key = key_node.value
        if key in mapping:
            raise RunwalkError(f"'{key}' appears twice in the same block", file,
                               key_node.start_mark.line + 1)
        mapping[key] = _convert(value_node, file)
        mapping.key_lines[key] = key_node.start_mark.line + 1
    return mapping


def load_text(text: str, file: str):
    """Parse YAML text into Text/Mapping/Sequence values (None for empty)."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "not valid YAML"
        raise RunwalkError(f"not valid YAML: {problem}", file,
                           mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise RunwalkError(f"not valid YAML: {exc}", file) from None
    return None if node is None else _convert(node, file)


def load_file(path: Path):
    """Read and parse a YAML file; errors name the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise RunwalkError("not a UTF-8 text file", str(path)) from None
    except OSError as exc:
        raise RunwalkError(f"cannot read: {exc.strerror}", str(path)) from None
    return load_text(text, str(path))


def line_of(value, default: int | None = None) -> int | None:
    return getattr(value, "line", default)
