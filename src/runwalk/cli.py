"""The runwalk command line. Commands are thin: they parse options and call the library.

Only click is imported at start-up; everything else is imported by the command
that needs it, so ``runwalk --help`` and ``runwalk check`` stay quick.
"""

from __future__ import annotations

import sys

import click

PROGRESS_AFTER = 20  # show a progress bar for builds of more workouts than this
MAX_WARNINGS = 5  # a build with more lossy conversions prints them grouped by kind


DEBUG_VARIABLE = "RUNWALK_DEBUG"


class RunwalkGroup(click.Group):
    """Turns a RunwalkError into one line on stderr and exit code 1, without a traceback.

    Anything else is a bug in runwalk: one line saying so and how to see the details
    (RUNWALK_DEBUG=1, which the tests set so that bugs fail loudly), exit code 2.
    """

    def invoke(self, ctx):
        import os

        from .errors import RunwalkError

        try:
            return super().invoke(ctx)
        except RunwalkError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(1)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(130)
        except Exception as exc:
            if os.environ.get(DEBUG_VARIABLE):
                raise
            what = f"{type(exc).__name__}: {exc}"[:200]
            click.echo(f"error: this is a bug in runwalk ({what}); rerun with "
                       f"{DEBUG_VARIABLE}=1 for the details, and please report it", err=True)
            ctx.exit(2)


@click.group(cls=RunwalkGroup)
@click.version_option(package_name="runwalk")
def main():
    """Turn run/walk workouts written as small YAML files into watch workouts.

    \b
    runwalk build              every workout and plan under workouts/ into out/: FIT,
                               Apple Watch .workout, ZWO, TCX, intervals.icu, Garmin
                               Connect JSON, calendars, FIT schedules, index.html
    runwalk check              validate workouts and plans without writing anything
    runwalk show FILE          the steps of a workout (any format) or a plan
    runwalk copy out/*.fit     put FIT workouts onto a USB-mounted Garmin watch
    runwalk connect push ...   to Garmin Connect's library and calendar (optional extra)
    runwalk import FILE...     other tools' workouts as workout files you can edit
    runwalk paces --mile 8:00  training paces from a magic mile (or --race 10k 52:30)
    runwalk ratio --pace 10:00/mi   a run/walk ratio from Galloway's chart
    """


def _formats_text() -> str:
    """``fit (Garmin FIT workout, .fit), ...``: from the format table."""
    from .formats import WRITERS

    return ", ".join(f"{name} ({what}, {suffix})" for name, (_, suffix, what) in WRITERS.items())


_FORMATS = _formats_text()
durable_option = click.option(
    "--fsync/--no-fsync", "durable", envvar="RUNWALK_FSYNC", default=True, hidden=True,
    help="Flush files to disk before they replace the old ones (RUNWALK_FSYNC=0 skips it).")
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
    profile = load_profile(chosen)
    for warning in profile.warnings:
        click.echo(f"warning: {warning}", err=True)
    return profile


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
    """Run ``work(on_item)`` with a progress bar on a terminal (not in CI) for many items."""
    import os

    if (quiet or len(sources) <= PROGRESS_AFTER or not sys.stderr.isatty()
            or os.environ.get("CI")):
        return work(None)
    with click.progressbar(length=len(sources), label=label, file=sys.stderr) as bar:
        return work(lambda: bar.update(1))


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("-o", "--out", "out_dir", default="out", show_default=True,
              type=click.Path(file_okay=False), help="Output folder (mirrors the input folders).")
@click.option("--format", "formats", default=None, metavar="LIST",
              help="Comma list of formats to write: " + _FORMATS + ". Default: all.")
@profile_option
@click.option("--templates", "templates", type=click.Path(file_okay=False, exists=True),
              help="A folder of your own templates (workout.zwo, workout.tcx, workout.txt); "
                   "a template there wins over the shipped one of the same name.")
@click.option("--strict", is_flag=True,
              help="Treat every lossy conversion (a warning) as an error: nothing is written.")
@click.option("--zip", "with_zip", is_flag=True,
              help="Also write the whole pack as one archive inside the output folder.")
@click.option("--start", "start", metavar="YYYY-MM-DD|today",
              help="Start date for every plan's calendar (default: each plan's own 'start').")
@click.option("--from", "schedule_from", metavar="YYYY-MM-DD|today",
              help="First day of each plan's schedule.fit (4 weeks, 30 sessions at most, "
                   "what a watch holds). Default: the plan's first session.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors and warnings.")
@click.option("--time-created", envvar="SOURCE_DATE_EPOCH", metavar="SECONDS", hidden=True,
              help="Unix time every file says it was made (default: SOURCE_DATE_EPOCH, else "
                   "2024-01-01).")
@durable_option
def build(paths, out_dir, formats, profile_path, templates, strict, with_zip, start,
          schedule_from, quiet, time_created, durable):
    """Build workouts and plans into watch files, calendars, an index and a manifest.

    PATHS are workout or plan files or folders (default: workouts/, or the shipped
    ones outside a checkout). The output mirrors the folders; each plan gets a folder
    of sessions named w01d1, w01d2... and a calendar. Building a folder also writes
    index.html and manifest.json. Nothing is written if anything has an error.
    """
    from pathlib import Path

    from . import build as pipeline
    from .publish import publish
    from .writers import Options, parse_formats

    names = parse_formats(formats)
    start_date = _date(start)
    from_date = _from_date(schedule_from)
    profile = _profile(profile_path)
    sources = _sources(paths)
    options = Options(time_created=pipeline.source_date_epoch(time_created), profile=profile,
                      templates=templates or profile.templates)
    # A folder (or the default tree) is a pack: calendars, index.html and manifest.json
    # come with it. Single files are just converted.
    try:
        made = pipeline.build(
            sources, profile, names, options, strict=strict, with_zip=with_zip,
            is_pack=not paths or any(Path(p).is_dir() for p in paths), start=start_date,
            schedule_from=from_date,
            progress=lambda label, items, work: _steps(items, label, work, quiet))
    except pipeline.BuildErrors as exc:
        _report(exc.errors)
    if len(made.warnings) <= MAX_WARNINGS:
        for warning in made.warnings:
            click.echo(f"warning: {warning}", err=True)
    else:
        from .writers import summarize
        for line in summarize(made.warnings):
            click.echo(f"warning: {line}", err=True)
        click.echo("warning: 'runwalk check' lists each; --strict makes them errors", err=True)
    for note in made.notes:
        click.echo(f"note: {note}", err=True)
    out = Path(out_dir)
    written = publish(out, made.outputs, durable=durable,
                      report=lambda done: click.echo(f"note: {out}: {done}", err=True))
    if not quiet:
        if len(written) <= PROGRESS_AFTER:
            for output in made.outputs:
                click.echo(f"wrote {out / output.relative}")
        plural = lambda n, word: f"{n} {word}{'s' if n != 1 else ''}"  # noqa: E731
        click.echo(f"{plural(len(made.items), 'workout')}"
                   + (f" ({plural(len(made.plans), 'plan')})" if made.plans else "")
                   + f", {plural(len(written), 'file')} in {out}/"
                   + (f" (see {out / 'index.html'})" if made.is_pack else ""))


def _settle(out):
    """Finish or undo what a killed build left in ``out``, saying so."""
    from .publish import settle

    done = settle(out)
    if done:
        click.echo(f"note: {out}: {done}", err=True)


def _from_date(text):
    """--from: a date, or today (the one place a build reads the clock, and only when asked)."""
    if not text:
        return None
    import datetime as dt

    if text.strip().lower() == "today":
        return dt.date.today()
    from .errors import RunwalkError
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise RunwalkError(f"--from '{text}' is not a date: write it like 2027-01-04, or today") \
            from None


def _date(text):
    """--start: a date, or today (as --from takes it)."""
    if not text:
        return None
    from .plan import parse_start

    if text.strip().lower() == "today":
        import datetime as dt
        text = dt.date.today().isoformat()
    return parse_start(text, "--start")


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

    from .errors import RunwalkError

    profile = _profile(profile_path)
    sources = _sources(paths)
    items, plans, errors = compile_sources(sources, profile)
    options = Options(profile=profile, templates=profile.templates)
    for item in items:
        workout = item.workout
        losses = {}
        for name in WRITERS:
            try:
                losses[name] = writer(name).problems(workout, options)
                if profile.templates:  # the profile's own templates: render them, as build will
                    writer(name).render(workout, options)
            except RunwalkError as exc:
                errors.append(exc)
                losses.pop(name, None)
        fits = [name for name, lost in losses.items() if not lost]
        click.echo(f"{item.source}: {workout.name}: {summary(workout)}; "
                   f"fits {', '.join(fits) if fits else 'no format as written'}")
        for derived in workout.derived:
            click.echo(f"  {derived}")
        for name, lost in losses.items():
            for line in lost:
                click.echo(f"  {name} would lose: {line.detail}")
    if errors:
        for error in errors:
            click.echo(f"error: {error}", err=True)
        click.echo(f"{len(errors)} of {len(sources)} workouts have errors.", err=True)
        sys.exit(1)


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@profile_option
def show(file, profile_path):
    """Print the steps of a workout (a YAML workout file, any FIT workout, or an Apple
    .workout, ZWO, TCX, Garmin Connect .json or intervals.icu .txt file), or the sessions of a plan
    file, in the profile's units."""
    from pathlib import Path

    from .display import workout_lines

    from .importing import readers

    path = Path(file)
    profile = _profile(profile_path)
    suffix = path.suffix.lower()
    if suffix == ".fit":  # any FIT workout, other sports too
        from .writers.fit import read_fits
        workouts = read_fits(path, profile.units)
    elif suffix in readers():
        from .importing import read_any
        workouts = read_any(path, profile)
    else:
        workouts = None
    if workouts is not None:
        for number, workout in enumerate(workouts):
            click.echo(("\n" if number else "") + "\n".join(workout_lines(workout)))
            for warning in workout.warnings:
                click.echo(f"note: {file}: {warning}", err=True)
        return
    else:
        from .build import is_plan
        from .errors import RunwalkError
        from .workout import compile_workout
        from .yamlfile import load_file
        if not path.is_file():
            raise RunwalkError("no such file", file)
        data = load_file(path)
        if is_plan(data):
            from .display import plan_lines
            from .plan import compile_plan
            click.echo("\n".join(plan_lines(compile_plan(data, file, profile))))
            return
        workout = compile_workout(data, file, profile)
    click.echo("\n".join(workout_lines(workout)))


@main.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@click.option("--to", "to", type=click.Path(file_okay=False),
              help="The watch's drive (the folder holding GARMIN). Default: look for one.")
@click.option("--plan", "plan", metavar="NAME",
              help="Copy a built plan's FIT files and its schedule (NAME: the plan file's name, "
                   "e.g. couch-to-5k).")
@click.option("--week", "week", type=click.IntRange(1, 99), help="With --plan: only this week.")
@click.option("-o", "--out", "out_dir", default="out", show_default=True,
              type=click.Path(file_okay=False), help="With --plan: where it was built.")
@click.option("--force", is_flag=True,
              help="Replace files of the same name already on the watch.")
@click.option("--dry-run", is_flag=True, help="Say what would be copied; copy nothing.")
@click.option("--mount-roots", envvar="RUNWALK_MOUNT_ROOTS", hidden=True,
              help="Where drives appear (paths separated like PATH), for unusual setups.")
def copy(files, to, plan, week, out_dir, force, dry_run, mount_roots):
    """Copy FIT workouts into GARMIN/NewFiles on a watch mounted as a USB drive.

    Each file gets a readable name from its workout (C25K-W03D2.fit). A file of that
    name already on the watch with other bytes stops the copy unless --force; the same
    bytes are skipped.

    \b
    runwalk copy out/beginner/week1.fit
    runwalk copy --plan couch-to-5k --week 3
    """
    from pathlib import Path

    from .errors import RunwalkError
    from .watch import (copies_of, copy_to_watch, find_watches, new_files_folder, plan_copies,
                        plan_copy)

    if week and not plan:
        raise click.UsageError("--week goes with --plan")
    copies = copies_of(files)
    if plan:
        _settle(Path(out_dir))
        copies += plan_copies(Path(out_dir), plan, week)
    if not copies:
        raise click.UsageError("give FIT files to copy, or --plan NAME")

    if to:
        target = new_files_folder(Path(to))
    else:
        import os

        watches = find_watches([p for p in mount_roots.split(os.pathsep) if p]
                               if mount_roots else None)
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
    write, same = plan_copy(copies, target, force)
    for copy in same:
        click.echo(f"already on the watch: {target / copy.name}")
    if dry_run:
        for copy in write:
            click.echo(f"would copy {copy.source} -> {target / copy.name}")
        click.echo(f"{len(write)} to copy, {len(same)} already there; nothing copied (--dry-run).")
        return
    for path, copy in zip(copy_to_watch(write, target), write):
        click.echo(f"copied {copy.source} -> {path}")
    if write:
        click.echo("Unplug the watch (eject it first); it moves the workouts into place.")


@main.command()
@click.option("--mile", "mile", metavar="TIME", help="A magic mile time, e.g. 8:00.")
@click.option("--race", "race", nargs=2, metavar="DISTANCE TIME",
              help="A recent race instead, e.g. --race 10k 52:30.")
@click.option("--units", type=click.Choice(["mi", "km"]), help="Default: the profile's.")
@profile_option
def paces(mile, race, units, profile_path):
    """Print the named training paces, the walk pace assumed, what the watch asks on
    race day and long runs, and heart-rate zones.

    From --mile or --race when given, else from the profile. Walks are a brisk
    15:00/mi (slower for slower runners, never past 20:00/mi); race-day runs are never
    faster than the 10-mile race pace, long-run runs never faster than race day's.
    """
    from .display import pace_table
    from .profile import profile_from_data
    from .yamlfile import Mapping, Text

    if mile and race:
        from .errors import RunwalkError
        raise RunwalkError("give --mile or --race, not both")
    profile = _profile(profile_path)
    if mile or race:
        data = Mapping()
        data.line, data.key_lines = None, {}
        if mile:
            data["magic_mile"] = Text(mile)
        else:
            race_data = Mapping()
            race_data.line, race_data.key_lines = None, {}
            race_data["distance"], race_data["time"] = Text(race[0]), Text(race[1])
            data["race"] = race_data
        data["units"] = Text(units or profile.units)
        if profile.max_hr:
            data["max_hr"] = Text(str(profile.max_hr))
        profile = profile_from_data(data, "--mile" if mile else "--race")
        for warning in profile.warnings:
            click.echo(f"warning: {warning}", err=True)
    click.echo("\n".join(pace_table(profile, units or profile.units)))


@main.command()
@click.argument("ratio", required=False)
@click.option("--pace", "pace", metavar="PACE", help="Suggest a ratio for this overall pace, "
              "e.g. 10:00/mi (Galloway's chart).")
@click.option("--run-pace", metavar="PACE", help="Pace of the run parts, e.g. 8:30/mi.")
@click.option("--walk-pace", metavar="PACE", help="Pace of the walk parts, e.g. 17:00/mi.")
@click.option("--average", "average", metavar="PACE",
              help="Instead of --run-pace: the overall pace (run and walk together) to reach; "
                   "prints the run pace it needs.")
@click.option("--distance", default="marathon", show_default=True,
              help="Race distance for the finish time (5k, 10k, half, marathon, 8km, 5mi).")
def ratio(ratio, pace, run_pace, walk_pace, average, distance):
    """Suggest a run/walk ratio, or work out what one gives.

    Average paces are by distance (total time over total distance). Run paces faster
    than 3:40/mi are refused as typos.

    \b
    runwalk ratio --pace 10:00/mi
    runwalk ratio 4:00/0:30 --run-pace 8:30/mi --walk-pace 17:00/mi --distance marathon
    runwalk ratio 0:30/0:30 --average 12:24/mi --walk-pace 17:00/mi
    """
    from .display import ratio_lines, run_pace_lines, suggestion_lines

    if pace and not (ratio or run_pace or average):
        click.echo("\n".join(suggestion_lines(pace)))
    elif ratio and run_pace and walk_pace and not (pace or average):
        click.echo("\n".join(ratio_lines(ratio, run_pace, walk_pace, distance)))
    elif ratio and average and walk_pace and not (pace or run_pace):
        click.echo("\n".join(run_pace_lines(ratio, average, walk_pace, distance)))
    else:
        raise click.UsageError("give --pace PACE; or RATIO with --walk-pace and either "
                               "--run-pace or --average")


@main.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("-o", "--out", "out_dir", default=".", show_default=True,
              type=click.Path(file_okay=False), help="Folder for the workout files.")
@click.option("--force", is_flag=True, help="Replace workout files of the same name.")
@click.option("--absolute", is_flag=True,
              help="Write every pace as a pace, never as the profile's named pace.")
@profile_option
@durable_option
def import_(files, out_dir, force, absolute, profile_path, durable):
    """Turn FIT, Apple (.workout), ZWO, TCX, intervals.icu text (.txt) or Garmin Connect
    (.json) workouts into workout files you can edit and build again.

    \b
    runwalk import coach.fit plan.zwo -o workouts/imported
    """
    from pathlib import Path

    from .build import Output
    from .errors import RunwalkError
    from .importing import file_names, read_any, resolution, workout_yaml
    from .publish import publish

    profile = _profile(profile_path)
    out = Path(out_dir)
    outputs, errors, warnings = [], [], []
    for file in files:
        try:
            workouts = read_any(Path(file), profile)
        except RunwalkError as exc:
            errors.append(exc)
            continue
        for workout, name in zip(workouts, file_names(Path(file), workouts)):
            text, lost = workout_yaml(workout, profile, absolute, file, resolution(Path(file)))
            warnings += [f"{file}: {workout.name}: {w}" for w in lost]
            outputs.append(Output(Path(name), text.encode("utf-8"), "yaml", workout))
    taken = [o.relative.name for o in outputs if (out / o.relative).exists()]
    if taken and not force:
        errors.append(RunwalkError(f"{', '.join(taken)} already in {out}: nothing written "
                                   "(--force replaces them)"))
    if errors:
        _report(errors)
    for warning in warnings:
        click.echo(f"warning: {warning} (kept as a comment)", err=True)
    for path in publish(out, outputs, manifest_name="", durable=durable):
        click.echo(f"wrote {path}")


@main.group()
@click.option("--config", "config", envvar="RUNWALK_CONFIG", metavar="FOLDER",
              help="Where the tokens and runwalk's records are kept (default: your config "
                   "folder).")
@click.pass_context
def connect(ctx, config):
    """Garmin Connect: workouts into its library, plan sessions onto its calendar.

    Needs the optional extra: pip install 'runwalk[connect]' (python-garminconnect,
    Python 3.12 or later). Tokens and runwalk's records of what it pushed are kept in
    your config folder (~/.config/runwalk, or RUNWALK_CONFIG).

    \b
    runwalk connect login
    runwalk connect push workouts/beginner/week1.yaml
    runwalk connect push --plan couch-to-5k --week 1 --dry-run
    runwalk connect remove --plan couch-to-5k
    """
    from .connect import config_folder

    ctx.obj = config_folder(config)


@connect.command()
@click.option("--email", prompt="Garmin Connect email")
@click.option("--password", prompt=True, hide_input=True)
@click.pass_obj
def login(folder, email, password):
    """Log in once; the tokens are saved for later pushes (an MFA code is asked for
    when Garmin wants one)."""
    from .connect import garmin_client

    garmin_client(email, password, prompt_mfa=lambda: click.prompt("MFA code"), folder=folder)
    click.echo("Logged in to Garmin Connect; tokens saved.")


def _plan_identity(plan, paths):
    """The identity prefix of plan NAME: its path in the workouts folder, without .yaml."""
    from .build import is_plan
    from .errors import RunwalkError
    from .yamlfile import load_file

    for source in _sources(paths):
        if source.path.stem == plan and is_plan(load_file(source.path)):
            return source
    raise RunwalkError(f"no plan '{plan}' in the workouts folder (NAME is the plan file's "
                       "name without .yaml)")


@connect.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@click.option("--plan", "plan", metavar="NAME",
              help="Push a plan's sessions (NAME: the plan file's name) and put them on "
                   "the calendar on their dates.")
@click.option("--week", "week", type=click.IntRange(1, 99), help="With --plan: only this week.")
@click.option("--start", "start", metavar="YYYY-MM-DD", help="With --plan: its start date.")
@click.option("--dry-run", is_flag=True, help="Print what would change; send nothing.")
@profile_option
@click.pass_obj
def push(folder, files, plan, week, start, dry_run, profile_path):
    """Upload workouts (and a plan's calendar) to Garmin Connect.

    Pushing again updates the workouts runwalk made (by the ids it recorded, or by
    name) instead of adding copies, and moves calendar entries whose date changed.
    """
    from .build import compile_sources
    from .connect import Connect, garmin_client, load_records, push as push_workouts, save_records

    if week and not plan:
        raise click.UsageError("--week goes with --plan")
    if not files and not plan:
        raise click.UsageError("give workout files to push, or --plan NAME")
    profile = _profile(profile_path)
    sources = _sources(files) if files else []
    if plan:
        sources.append(_plan_identity(plan, ()))
    items, plans, errors = compile_sources(sources, profile, start=_date(start))
    if errors:
        _report(errors)
    in_plans = {session.workout.identity: session for _, p in plans for session in p.workouts}
    workouts = [i.workout for i in items
                if not (week and i.workout.identity in in_plans
                        and in_plans[i.workout.identity].week != week)]
    for _, p in plans:
        if p.start is None:
            click.echo(f"note: plan '{p.name}' has no start date: its workouts go into the "
                       "library but not onto the calendar (add start: or give --start)", err=True)
    records = load_records(folder)
    client = Connect(garmin_client(folder=folder))
    try:
        for line in push_workouts(workouts, client, records, dry_run):
            click.echo(line)
    finally:
        if not dry_run:
            save_records(records, folder)
    if dry_run:
        click.echo("Nothing was sent (--dry-run).")


@connect.command()
@click.option("--plan", "plan", metavar="NAME", required=True,
              help="The plan whose workouts and calendar entries runwalk put there.")
@click.option("--dry-run", is_flag=True, help="Print what would change; send nothing.")
@click.pass_obj
def remove(folder, plan, dry_run):
    """Take off Garmin Connect the workouts and calendar entries runwalk put there for a plan."""
    from .connect import Connect, garmin_client, load_records, remove as remove_plan, save_records

    prefix = _plan_identity(plan, ()).identity
    records = load_records(folder)
    client = Connect(garmin_client(folder=folder))
    lines = 0
    try:
        for line in remove_plan(prefix, client, records, dry_run):
            click.echo(line)
            lines += 1
    finally:
        if not dry_run:
            save_records(records, folder)
    if not lines:
        click.echo(f"runwalk has put nothing of plan '{plan}' on Garmin Connect.")


if __name__ == "__main__":
    main()
