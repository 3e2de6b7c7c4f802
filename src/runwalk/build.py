"""Building a tree of workouts and plans: find, compile, render every format, then write.

Nothing is written until every workout has compiled and rendered, so a build
that reports an error leaves the output folder as it was; ``publish`` then puts
the files in place so that a killed build never leaves a mix.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from .errors import RunwalkError
from .profile import Profile
from .steps import Workout
from .workout import compile_workout
from .writers import Options, extension, writer
from .yamlfile import Mapping, load_file

YAML_SUFFIXES = (".yaml", ".yml")  # in any case: .YAML and .Yml are found too
NOT_WORKOUTS = ("profile.yaml", "profile.yml")


def stem_of(relative: Path) -> Path:
    """``race.5k.yaml`` -> ``race.5k``: only the YAML suffix goes, inner dots stay."""
    return relative.with_name(relative.name[: -len(relative.suffix)]) if relative.suffix else relative


def with_extension(stem: Path, extension: str) -> Path:
    """``race.5k`` + ``.fit`` -> ``race.5k.fit`` (Path.with_suffix would give race.fit)."""
    return stem.with_name(stem.name + extension)


@dataclass(frozen=True)
class Source:
    path: Path
    relative: Path  # where its outputs go, under the output folder (suffix replaced)
    identity: str = ""  # its path in the workouts folder, without the suffix: never absolute


@dataclass(frozen=True)
class Item:
    """One workout to write, at ``stem`` (its output path without a suffix)."""

    source: Path
    stem: Path
    workout: Workout


@dataclass(frozen=True)
class Output:
    relative: Path
    data: bytes
    format: str
    workout: Workout | None = None


def is_plan(data) -> bool:
    """A plan file has ``plan:`` or ``weeks:`` at the top; a workout has neither."""
    return isinstance(data, Mapping) and ("plan" in data or "weeks" in data)


def find_sources(paths) -> list:
    """Workout and plan files under each path (folders searched recursively, profiles skipped)."""
    sources = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                if (found.suffix.lower() in YAML_SUFFIXES and found.is_file()
                        and found.name.lower() not in NOT_WORKOUTS
                        and not any(part.startswith(".") for part in found.relative_to(path).parts)):
                    relative = found.relative_to(path)
                    sources.append(Source(found, relative, _identity(found, relative)))
        elif path.is_file():
            sources.append(Source(path, Path(path.name), _identity(path, Path(path.name))))
        else:
            raise RunwalkError("no such file or folder", str(path))
    return sources


def _identity(path: Path, relative: Path) -> str:
    """A workout file's identity: its path inside the nearest enclosing folder called
    ``workouts`` (so building a file alone or its folder gives the same), else ``relative``."""
    resolved = path.resolve()
    for parent in resolved.parents:
        if parent.name == "workouts":
            return stem_of(resolved.relative_to(parent)).as_posix()
    return stem_of(relative).as_posix()


def compile_sources(sources, profile: Profile, on_item=None, start=None) -> tuple:
    """(items, plans, errors): every source compiled, every error kept (not just the first).

    A plan gives one item per workout session, under a folder named after the plan file;
    ``plans`` holds (that folder, Plan). ``start`` overrides every plan's start date.
    """
    items, plans, errors = [], [], []
    for source in sources:
        try:
            data = load_file(source.path)
            stem = stem_of(source.relative)
            if is_plan(data):
                from .plan import compile_plan  # only builds with plans pay for importing it

                plan = compile_plan(data, str(source.path), profile, start, source.identity)
                plans.append((stem.as_posix(), plan))
                items.extend(Item(source.path, stem / s.slug, s.workout) for s in plan.workouts)
            else:
                workout = compile_workout(data, str(source.path), profile)
                if workout.identity is None:
                    workout = replace(workout, identity=source.identity)
                items.append(Item(source.path, stem, workout))
        except RunwalkError as exc:
            errors.append(exc.located(str(source.path)))
        if on_item:
            on_item()
    from .writers.fit import serial_number

    seen: dict = {}
    serials: dict = {}
    for item in items:
        first = seen.setdefault(item.workout.identity, item)
        if first is not item and first.source != item.source:
            errors.append(RunwalkError(
                f"two workouts have the identity '{item.workout.identity}' ({first.source} and "
                f"this file): a watch would take one for the other; give one another 'id:'",
                str(item.source)))
            continue
        # distinct identities can still share a 32-bit serial number: as rare as that is,
        # a watch would take one workout for the other
        other = serials.setdefault(serial_number(item.workout), item)
        if other.workout.identity != item.workout.identity:
            errors.append(RunwalkError(
                f"'{item.workout.identity}' and '{other.workout.identity}' ({other.source}) give "
                "the same FIT serial number: a watch would take one for the other; give one "
                "another 'id:'", str(item.source)))
    return items, plans, errors


def render_all(items, formats, options: Options, on_item=None) -> tuple:
    """(outputs, warnings) for every workout in every format."""
    outputs, warnings = [], []
    modules = {name: writer(name) for name in formats}
    for item in items:
        for name, module in modules.items():
            rendered = module.render(item.workout, options)
            warnings.extend(rendered.warnings)
            outputs.append(Output(with_extension(item.stem, extension(name)), rendered.data,
                                  name, item.workout))
        if on_item:
            on_item()
    return outputs, warnings


SCHEDULE = "schedule.fit"


def pack_outputs(outputs, plans, options: Options, with_zip: bool = False,
                 schedule_from=None) -> tuple:
    """(extra outputs, notes): plan calendars and FIT schedules, index.html, manifest.json
    and the zip. A plan's schedule starts at ``schedule_from`` when given, else at its
    first session (never at today's date unasked: builds stay reproducible).

    The manifest lists every file but itself and the zip; the zip holds every file
    but itself.
    """
    from .calendar import plan_calendar
    from .limits import WATCH_WORKOUTS
    from .pack import INDEX, MANIFEST, ZIP, archive, index, manifest

    extra, notes, calendars = [], [], []
    by_folder: dict = {}  # folder -> session stem -> file names, in one pass over the outputs
    for output in outputs:
        by_folder.setdefault(output.relative.parent.as_posix(), {}).setdefault(
            output.relative.stem, []).append(output.relative.name)
    for folder, plan in plans:
        count = len(plan.workouts)
        if count > WATCH_WORKOUTS:
            notes.append(f"{plan.source}: plan '{plan.name}' has {count} workouts; older watches "
                         f"hold about {WATCH_WORKOUTS} at once: copy a week at a time "
                         f"(runwalk copy --plan {Path(folder).name} --week N)")
        if plan.start is None:
            notes.append(f"{plan.source}: plan '{plan.name}' has no start date, so no calendar: "
                         "add 'start: YYYY-MM-DD' or build with --start")
            calendars.append((folder, plan, None))
            continue
        files = by_folder.get(folder, {})
        relative = Path(folder) / f"{Path(folder).name}.ics"
        extra.append(Output(relative, plan_calendar(plan, options.time_created, files), "ics"))
        calendars.append((folder, plan, relative.as_posix()))
        if any(f.endswith(".fit") for names in files.values() for f in names):
            from .writers.fit import render_schedule, schedule_window

            sessions = schedule_window(plan, schedule_from or plan.workouts[0].date)
            if sessions:
                extra.append(Output(Path(folder) / SCHEDULE, render_schedule(sessions, options),
                                    "schedule"))
            else:
                notes.append(f"{plan.source}: no session of plan '{plan.name}' falls in the "
                             "4 weeks from --from: no schedule.fit")
    extra.append(Output(Path(INDEX), index(outputs + extra, calendars, options), "html"))
    extra.append(Output(Path(MANIFEST), manifest(outputs + extra), "json"))
    if with_zip:
        everything = [(o.relative.as_posix(), o.data) for o in outputs + extra]
        extra.append(Output(Path(ZIP), archive(everything, options.time_created), "zip"))
    return extra, notes


@dataclass
class Build:
    """What a build makes, ready to publish: every file (the workouts' and the pack's),
    the warnings (losses, by format), the notes, and what was built."""

    outputs: list
    warnings: list
    notes: list
    items: list
    plans: list
    is_pack: bool


class BuildErrors(Exception):
    """A build that found errors: each is a RunwalkError; nothing may be written."""

    def __init__(self, errors):
        super().__init__(f"{len(errors)} errors")
        self.errors = list(errors)


def build(sources, profile, formats, options: Options, *, strict: bool = False,
          is_pack: bool = True, with_zip: bool = False, start=None, schedule_from=None,
          progress=None) -> Build:
    """The build pipeline: compile every source, render every format, refuse losses when
    ``strict``, and for a pack add calendars, schedules, the index, the manifest and the
    zip. ``progress(label, items, work)`` runs each long stage (a progress bar, or not).
    Raises BuildErrors: a build that reports any error writes nothing."""
    run = progress or (lambda label, items, work: work(None))
    items, plans, errors = run("Compiling", sources,
                               lambda tick: compile_sources(sources, profile, tick, start))
    if errors:
        raise BuildErrors(errors)
    outputs, warnings = run("Rendering", items,
                            lambda tick: render_all(items, formats, options, tick))
    if strict and warnings:
        raise BuildErrors([RunwalkError(f"{w} (--strict)") for w in warnings])
    is_pack = is_pack or with_zip or bool(plans)
    extra, notes = (pack_outputs(outputs, plans, options, with_zip, schedule_from) if is_pack
                    else ([], []))
    return Build(outputs + extra, warnings, notes, items, plans, is_pack)


def source_date_epoch(value: str | None, default: int = Options.time_created) -> int:
    """``value`` (SOURCE_DATE_EPOCH, for reproducible builds) when set, else a fixed
    stable time."""
    import datetime as dt

    from .limits import FIRST_DATE, LAST_DATE

    if not value:
        return default
    try:
        stamp = int(value)
    except ValueError:
        raise RunwalkError(f"SOURCE_DATE_EPOCH must be whole seconds, not '{value}'") from None
    first, last = (int(dt.datetime.fromisoformat(d + "T00:00:00+00:00").timestamp())
                   for d in (FIRST_DATE, LAST_DATE))
    if not first <= stamp <= last:
        raise RunwalkError(f"SOURCE_DATE_EPOCH {stamp} is outside the dates FIT, zip and "
                           f"calendar files carry: give a time from {FIRST_DATE} to {LAST_DATE}")
    return stamp
