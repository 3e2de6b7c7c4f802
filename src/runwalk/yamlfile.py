"""YAML read as text with line numbers, so every error can say where it is.

Every scalar stays a string: YAML 1.1 reads an unquoted ``4:00`` as the integer
240 (base 60) and ``1:30`` as 90, so runwalk parses each value itself and the
same spelling means the same thing quoted or not.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .errors import RunwalkError

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # parse only: no tag is acted on
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


# Bounds, so that a small file cannot cost minutes or gigabytes.
MAX_FILE_BYTES = 1_000_000
MAX_NESTING = 40  # blocks inside blocks
MAX_VALUES = 200_000  # values once anchors and aliases are expanded


class _Frame:
    """A mapping or sequence being read, with what it needs until its end."""

    __slots__ = ("value", "anchor", "size", "key", "key_line")

    def __init__(self, value, anchor):
        self.value, self.anchor, self.size = value, anchor, 1
        self.key = self.key_line = None


def load_text(text: str, file: str):
    """Parse YAML text into Text/Mapping/Sequence values (None for empty).

    Read from YAML's events rather than its node graph, so nesting depth and the size
    of what aliases expand to are bounded before anything is built (a "billion laughs"
    file is an error, not a hang), and tags are never acted on: every value is text.
    """
    if len(text) > MAX_FILE_BYTES:
        raise RunwalkError(f"the file is larger than {MAX_FILE_BYTES // 1000} kB: "
                           "a workout or plan file is a few kB", file)
    stack: list = []
    anchors: dict = {}  # name -> (value, expanded size)
    root = None
    documents = total = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            line = event.start_mark.line + 1 if event.start_mark else None
            kind = type(event)
            if kind is yaml.ScalarEvent:
                if not event.style and event.value in _NULLS:
                    value = None
                else:
                    value = Text(event.value)
                    value.line = line
                size = 1
                if event.anchor:
                    anchors[event.anchor] = (value, 1)
            elif kind is yaml.AliasEvent:
                if event.anchor not in anchors:
                    raise RunwalkError(f"'*{event.anchor}' refers to no anchor '&{event.anchor}' "
                                       "before it (or to the block it is in)", file, line)
                value, size = anchors[event.anchor]
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                if len(stack) >= MAX_NESTING:
                    raise RunwalkError(f"blocks nest more than {MAX_NESTING} deep", file, line)
                if kind is yaml.MappingStartEvent:
                    value = Mapping()
                    value.key_lines = {}
                else:
                    value = Sequence()
                    value.item_lines = []
                value.line = line
                stack.append(_Frame(value, event.anchor))
                continue
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                frame = stack.pop()
                value, size = frame.value, frame.size
                if frame.anchor:
                    anchors[frame.anchor] = (value, size)
                total -= size - 1  # its parts are counted already: only the block itself is new
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise RunwalkError("a file holds one workout, plan or profile: remove "
                                       "the second '---'", file, line)
                continue
            else:
                continue
            total += size
            if total > MAX_VALUES:
                raise RunwalkError(f"the file expands to more than {MAX_VALUES:,} values "
                                   "(through YAML anchors and aliases): use fewer repeats "
                                   "of repeats", file, line)
            if not stack:
                root = value
                continue
            frame = stack[-1]
            frame.size += size
            parent = frame.value
            if isinstance(parent, Sequence):
                parent.append(value)
                parent.item_lines.append(line)
            elif frame.key is None:
                if not isinstance(value, Text):
                    raise RunwalkError("a key must be a plain word", file, line)
                if value in parent:
                    raise RunwalkError(f"'{value}' appears twice in the same block", file, line)
                frame.key, frame.key_line = str(value), line
            else:
                parent[frame.key] = value
                parent.key_lines[frame.key] = frame.key_line
                frame.key = None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "not valid YAML"
        line = mark.line + 1 if mark else None
        lines = text.splitlines()
        bad = lines[line - 1] if line and line <= len(lines) else ""
        if "\t" in bad[:len(bad) - len(bad.lstrip())]:
            problem = "a tab in the indentation: YAML indents with spaces only (replace the tab)"
        raise RunwalkError(f"not valid YAML: {problem}", file, line) from None
    except yaml.YAMLError as exc:
        raise RunwalkError(f"not valid YAML: {exc}", file) from None
    return root


def load_file(path: Path):
    """Read and parse a YAML file; errors name the file and line."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise RunwalkError(f"the file is larger than {MAX_FILE_BYTES // 1000} kB: "
                               "a workout or plan file is a few kB", str(path))
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise RunwalkError("not a UTF-8 text file", str(path)) from None
    except OSError as exc:
        raise RunwalkError(f"cannot read: {exc.strerror}", str(path)) from None
    return load_text(text, str(path))


def line_of(value, default: int | None = None) -> int | None:
    return getattr(value, "line", default)


def text_field(data: Mapping, key: str, file: str, multiline: bool = False) -> str | None:
    """The text under ``key`` (None when absent): a list or a map there is an error, and
    so is a character no output format carries (a line break, unless ``multiline``)."""
    from .steps import bad_character

    value = data.get(key)
    if value is None:
        return None
    line = data.key_lines.get(key, data.line)
    if not isinstance(value, str):
        raise RunwalkError(f"'{key}' must be text, not a {'list' if isinstance(value, list) else 'block'}"
                           " (quote it if it has ': ' or starts with '[' or '{')", file, line)
    bad = bad_character(value, multiline)
    if bad is not None:
        what = "a line break" if bad in "\n\r\u2028\u2029\x85" else f"the character {bad!r}"
        raise RunwalkError(f"'{key}' has {what}, which no watch file can carry"
                           + ("" if multiline else ": keep it to one line"), file, line)
    return str(value)
