"""Where the shipped workouts and templates are: inside the package when installed
from a wheel, beside ``src/`` in a checkout or an editable install."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def shipped(name: str) -> Path:
    """The shipped ``workouts`` or ``templates`` folder."""
    inside = _PACKAGE / name
    if inside.is_dir():
        return inside
    return _PACKAGE.parent.parent / name


def default_workouts() -> Path:
    """``./workouts`` when run in a checkout (or a coach's folder), else the shipped ones."""
    local = Path("workouts")
    return local if local.is_dir() else shipped("workouts")


def default_profile() -> Path:
    local = Path("workouts") / "profile.yaml"
    return local if local.is_file() else shipped("workouts") / "profile.yaml"
