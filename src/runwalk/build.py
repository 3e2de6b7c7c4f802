"""Building a folder of workouts: find, compile, render every format, then write.

Nothing is written until every workout has compiled and rendered, so a build
that reports an error leaves the output folder as it was. Each file is written
to a temporary name and renamed into place.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import RunwalkError
from .profile import Profile
from .steps import Workout
from .workout import load_workout
from .writers import Options, extension, writer

YAML_SUFFIXES = (".yaml", ".yml")
NOT_WORKOUTS = ("profile.yaml", "profile.yml")


@dataclass(frozen=True)
class Source:
    path: Path
    relative: Path  # where its outputs go, under the output folder


@dataclass(frozen=True)
class Output:
    relative: Path
    data: bytes
    format: str
    workout: Workout


def find_sources(paths) -> list:
    """Workout files under each path (folders searched recursively, profiles skipped)."""
    sources = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                if (found.suffix in YAML_SUFFIXES and found.is_file()
                        and found.name not in NOT_WORKOUTS
                        and not any(part.startswith(".") for part in found.relative_to(path).parts)):
                    sources.append(Source(found, found.relative_to(path)))
        elif path.is_file():
            sources.append(Source(path, Path(path.name)))
        else:
            raise RunwalkError("no such file or folder", str(path))
    return sources


def compile_sources(sources, profile: Profile, on_item=None) -> tuple:
    """(workouts, errors): every source compiled, every error kept (not just the first)."""
    workouts, errors = [], []
    for source in sources:
        try:
            workouts.append((source, load_workout(source.path, profile)))
        except RunwalkError as exc:
            errors.append(exc.located(str(source.path)))
        if on_item:
            on_item()
    return workouts, errors


def render_all(workouts, formats, options: Options, on_item=None) -> tuple:
    """(outputs, warnings) for every workout in every format."""
    outputs, warnings = [], []
    modules = {name: writer(name) for name in formats}
    for source, workout in workouts:
        for name, module in modules.items():
            rendered = module.render(workout, options)
            warnings.extend(rendered.warnings)
            outputs.append(Output(source.relative.with_suffix(extension(name)), rendered.data,
                                  name, workout))
        if on_item:
            on_item()
    return outputs, warnings


def safe_target(out_dir: Path, relative: Path) -> Path:
    """The path for ``relative`` under ``out_dir``; an error if it would land outside."""
    root = out_dir.resolve()
    target = (root / relative).resolve()
    if target == root or root not in target.parents:
        raise RunwalkError(f"refusing to write '{relative}' outside the output folder {out_dir}")
    return target


def write_atomic(target: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``target``, then rename it into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".runwalk-", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_outputs(out_dir: Path, outputs) -> list:
    """Write every output (paths checked first, so a bad one stops the build before any write)."""
    targets = [(safe_target(out_dir, o.relative), o) for o in outputs]
    seen = {}
    for target, output in targets:
        if target in seen:
            raise RunwalkError(f"two workouts would write the same file {output.relative}: "
                               f"{seen[target].workout.source} and {output.workout.source}")
        seen[target] = output
    for target, output in targets:
        write_atomic(target, output.data)
    return [t for t, _ in targets]


def source_date_epoch(default: int = Options.time_created) -> int:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else a fixed stable time."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise RunwalkError(f"SOURCE_DATE_EPOCH must be whole seconds, not '{value}'") from None
