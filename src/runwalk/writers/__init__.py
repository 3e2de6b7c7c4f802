"""Writers by name. A writer is one module with ``render(workout, options) -> Rendered``.

The table is data, and a writer's module (with fit-tool or jinja2) is imported
only when that format is asked for, so ``check`` and ``--help`` stay fast.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

from ..errors import RunwalkError

# name -> (module, file extension, what it is)
WRITERS = {
    "fit": ("runwalk.writers.fit", ".fit", "Garmin FIT workout"),
}
DEFAULT_FORMATS = ("fit",)


@dataclass(frozen=True)
class Options:
    """What a writer may know beyond the step list."""

    time_created: int = 1704067200  # 2024-01-01 UTC; SOURCE_DATE_EPOCH overrides it
    profile: object = None
    templates: str | None = None


@dataclass(frozen=True)
class Rendered:
    data: bytes
    warnings: tuple = field(default=())


def parse_formats(text: str | None) -> tuple:
    """``fit,zwo`` -> ("fit", "zwo"); unknown names are an error naming the known ones."""
    if not text:
        return DEFAULT_FORMATS
    names = tuple(dict.fromkeys(n.strip().lower() for n in text.split(",") if n.strip()))
    for name in names:
        if name not in WRITERS:
            raise RunwalkError(f"unknown format '{name}'; known: {', '.join(WRITERS)}")
    return names or DEFAULT_FORMATS


def writer(name: str):
    """The writer module for ``name``, imported on first use."""
    return importlib.import_module(WRITERS[name][0])


def extension(name: str) -> str:
    return WRITERS[name][1]
