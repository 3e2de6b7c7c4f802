"""The runwalk command line. Commands are thin: they parse options and call the library.

Only click is imported at start-up; everything else is imported by the command
that needs it, so ``runwalk --help`` and ``runwalk check`` stay quick.
"""

from __future__ import annotations

import sys

import click

PROGRESS_AFTER = 20  # show a progress bar for builds of more workouts than this


class RunwalkGroup(click.Group):
    """Turns a RunwalkError into one line on stderr and exit code 1, without a traceback."""

    def invoke(self, ctx):
        from .errors import RunwalkError

        try:
            return super().invoke(ctx)
        except RunwalkError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(1)


@click.group(cls=RunwalkGroup)
@click.version_option(package_name="runwalk")
def main():
    """Turn run/walk workouts written as small YAML files into watch workouts.

    \b
    runwalk build              every workout under workouts/ into out/ (FIT, ZWO, TCX, icu)
    runwalk check              validate workouts without writing anything
    runwalk show FILE          the steps of a workout file (.yaml or .fit)
    runwalk copy out/*.fit     put FIT workouts onto a USB-mounted Garmin watch
    """


profile_option = click.option(
    "--profile", "profile_path", type=click.Path(dir_okay=False),
    help="Runner profile (units, paces, heart rate). Default: workouts/profile.yaml, "
         "or the shipped one outside a checkout.")


def _profile(path):
    from pathlib import Path

    from .profile import load_profile
    from .resources import default_profile

    chosen = Path(path) if path else default_profile()
    if not chosen.is_file():
        from .errors import RunwalkError
        raise RunwalkError("no such profile file", str(chosen))
    return load_profile(chosen)


def _sources(paths):
    from .build import find_sources
    from .resources import default_workouts

    return find_sources(paths or [default_workouts()])


def _report(errors):
    for error in errors:
        click.echo(f"error: {error}", err=True)
    click.echo(f"{len(errors)} error{'s' if len(errors) != 1 else ''}; nothing written.", err=True)
    sys.exit(1)


def _steps(sources, label, work, quiet):
    """Run ``work(on_item)`` with a progress bar on a terminal when there are many items."""
    if quiet or len(sources) <= PROGRESS_AFTER or not sys.stderr.isatty():
        return work(None)
    with click.progressbar(length=len(sources), label=label, file=sys.stderr) as bar:
        return work(lambda: bar.update(1))


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("-o", "--out", "out_dir", default="out", show_default=True,
              type=click.Path(file_okay=False), help="Output folder (mirrors the input folders).")
@click.option("--format", "formats", default=None, metavar="LIST",
              help="Comma list of formats to write: fit (Garmin), zwo (Zwift), tcx (Garmin "
                   "TCX), icu (intervals.icu text). Default: all of them.")
@profile_option
@click.option("--templates", "templates", type=click.Path(file_okay=False, exists=True),
              help="A folder of your own templates (workout.zwo, workout.tcx, workout.txt); "
                   "a template there wins over the shipped one of the same name.")
@click.option("--strict", is_flag=True,
              help="Treat every lossy conversion (a warning) as an error: nothing is written.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors and warnings.")
def build(paths, out_dir, formats, profile_path, templates, strict, quiet):
    """Build workouts into watch files.

    PATHS are workout files or folders (default: workouts/, or the shipped workouts
    outside a checkout). Nothing is written if any workout has an error.
    """
    from pathlib import Path

    from .build import compile_sources, render_all, source_date_epoch, write_outputs
    from .writers import Options, parse_formats

    names = parse_formats(formats)
    profile = _profile(profile_path)
    sources = _sources(paths)
    workouts, errors = _steps(sources, "Compiling",
                              lambda tick: compile_sources(sources, profile, tick), quiet)
    if errors:
        _report(errors)
    options = Options(time_created=source_date_epoch(), profile=profile,
                      templates=templates or profile.templates)
    outputs, warnings = _steps(sources, "Rendering",
                               lambda tick: render_all(workouts, names, options, tick), quiet)
    if strict and warnings:
        _report([f"{w} (--strict)" for w in warnings])
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    out = Path(out_dir)
    written = write_outputs(out, outputs)
    if not quiet:
        if len(written) <= PROGRESS_AFTER:
            for output in outputs:
                click.echo(f"wrote {out / output.relative}")
        click.echo(f"{len(workouts)} workout{'s' if len(workouts) != 1 else ''}, "
                   f"{len(written)} file{'s' if len(written) != 1 else ''} in {out}/")


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@profile_option
def check(paths, profile_path):
    """Check workouts without writing anything.

    One summary line per workout (steps, total time, distance when known) and the
    formats it fits as written; below it, what each other format would lose.
    """
    from .build import compile_sources
    from .display import summary
    from .writers import WRITERS, Options, writer

    profile = _profile(profile_path)
    sources = _sources(paths)
    workouts, errors = compile_sources(sources, profile)
    options = Options(profile=profile)
    for source, workout in workouts:
        losses = {name: writer(name).problems(workout, options) for name in WRITERS}
        fits = [name for name, lost in losses.items() if not lost]
        click.echo(f"{source.path}: {workout.name}: {summary(workout)}; "
                   f"fits {', '.join(fits) if fits else 'no format as written'}")
        for name, lost in losses.items():
            for line in lost:
                click.echo(f"  {name} would lose: {line.split(': ', 3)[-1]}")
    if errors:
        for error in errors:
            click.echo(f"error: {error}", err=True)
        click.echo(f"{len(errors)} of {len(sources)} workouts have errors.", err=True)
        sys.exit(1)


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@profile_option
def show(file, profile_path):
    """Print the steps of a workout: a YAML workout file or any FIT workout file."""
    from pathlib import Path

    from .display import workout_lines

    path = Path(file)
    profile = _profile(profile_path)
    if path.suffix.lower() == ".fit":
        from .fitread import read_fit
        workout = read_fit(path, profile.units)
    else:
        from .errors import RunwalkError
        from .workout import load_workout
        if not path.is_file():
            raise RunwalkError("no such file", file)
        workout = load_workout(path, profile)
    click.echo("\n".join(workout_lines(workout)))


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--to", "to", type=click.Path(file_okay=False),
              help="The watch's drive (the folder holding GARMIN). Default: look for one.")
def copy(files, to):
    """Copy FIT workouts into GARMIN/NewFiles on a watch mounted as a USB drive."""
    from pathlib import Path

    from .errors import RunwalkError
    from .watch import copy_to_watch, find_watches, new_files_folder

    if to:
        target = new_files_folder(Path(to))
    else:
        watches = find_watches()
        if not watches:
            raise RunwalkError("no watch found: plug it in as a USB drive (it has a GARMIN "
                               "folder) or give --to; watches that connect over MTP need an "
                               "MTP client, see the README")
        if len(watches) == 1:
            chosen = watches[0]
        elif not sys.stdin.isatty():
            raise RunwalkError("several watches found (" + ", ".join(str(w.parent) for w in watches)
                               + "): pick one with --to")
        else:
            for number, garmin in enumerate(watches, 1):
                click.echo(f"{number}. {garmin.parent}")
            pick = click.prompt("Which watch", type=click.IntRange(1, len(watches)))
            chosen = watches[pick - 1]
        target = chosen / "NewFiles"
    for path in copy_to_watch(files, target):
        click.echo(f"copied {path}")
    click.echo("Unplug the watch (eject it first); it moves the workouts into place.")


if __name__ == "__main__":
    main()
