"""Finding a watch mounted as a USB drive and putting workout files into GARMIN/NewFiles.

The watch moves files from NewFiles into its workouts when it is unplugged. Watches
that mount over MTP (many newer models) are not drives; see the README.
"""

from __future__ import annotations

import glob
import os
import re
import string
import sys
from dataclasses import dataclass
from pathlib import Path

from .publish import write_atomic
from .errors import RunwalkError

FIT_MAGIC = b".FIT"


def mount_patterns() -> list:
    """Glob patterns for where removable drives appear on this system (``runwalk copy``
    takes others from RUNWALK_MOUNT_ROOTS, for unusual setups)."""
    user = os.environ.get("USER") or os.environ.get("USERNAME") or "*"
    patterns = [f"/media/{user}/*", f"/run/media/{user}/*", "/media/*", "/Volumes/*"]
    if sys.platform == "win32":
        patterns += [f"{letter}:\\" for letter in string.ascii_uppercase]
    return patterns


def find_watches(patterns=None) -> list:
    """Every mounted folder holding a GARMIN folder, in a stable order, without repeats."""
    found = []
    for pattern in patterns if patterns is not None else mount_patterns():
        for root in sorted(glob.glob(pattern)):
            garmin = Path(root) / "GARMIN"
            if garmin.is_dir() and garmin.resolve() not in [g.resolve() for g in found]:
                found.append(garmin)
    return found


def new_files_folder(to: Path) -> Path:
    """GARMIN/NewFiles for a mount root, a GARMIN folder or NewFiles itself."""
    if (to / "GARMIN").is_dir():
        return to / "GARMIN" / "NewFiles"
    if to.name.upper() == "GARMIN" and to.is_dir():
        return to / "NewFiles"
    if to.name == "NewFiles" and to.parent.name.upper() == "GARMIN":
        return to
    raise RunwalkError(f"no GARMIN folder in {to}: give the watch's drive (the folder that "
                       "holds GARMIN)")


def check_fit(path: Path) -> bytes:
    """The file's bytes, when it is a FIT file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RunwalkError(f"cannot read: {exc.strerror}", str(path)) from None
    if path.suffix.lower() != ".fit" or len(data) < 12 or data[8:12] != FIT_MAGIC:
        raise RunwalkError("not a FIT file: only .fit workouts go onto the watch", str(path))
    return data


@dataclass(frozen=True)
class Copy:
    """One file to put on the watch: where from, its bytes, its name there."""

    source: Path
    data: bytes
    name: str


_SESSION = re.compile(r"^(.*?)[ -]W(\d+)D(\d+)$")


def watch_name(path: Path, data: bytes) -> str:
    """A readable name on the watch from the workout's own name: ``C25K W3D2`` ->
    ``C25K-W03D2.fit`` (weeks padded so they sort); a schedule keeps its file's name."""
    from .writers.fit import decode

    messages = decode(data, str(path))
    kind = (messages.get("file_id_mesgs") or [{}])[0].get("type")
    name = (messages.get("workout_mesgs") or [{}])[0].get("wkt_name") if kind == "workout" else None
    if isinstance(name, list):
        name = next((n for n in name if n), None)
    if not name:
        return path.name
    session = _SESSION.match(name.strip())
    if session:
        name = f"{session.group(1)}-W{int(session.group(2)):02d}D{session.group(3)}"
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.") or path.stem
    return safe + ".fit"


def plan_copies(out: Path, plan: str, week: int | None) -> list:
    """The built FIT workouts of plan ``plan`` (a folder of ``w01d1.fit``... files named
    ``plan`` under ``out``), one week or all, and its schedule for those sessions."""
    built = sorted(p for p in out.rglob("*") if p.is_dir() and any(p.glob("w[0-9][0-9]d*.fit")))
    # a plan's name in any case (a watch's disk does not tell them apart either)
    folders = [p for p in built if p.name.casefold() == plan.strip().casefold()]
    if not folders:
        from .errors import did_you_mean

        raise RunwalkError(f"no built plan '{plan}' in {out}"
                           f"{did_you_mean(plan, sorted({p.name for p in built}))}: run 'runwalk "
                           "build' first (NAME is the plan file's name without .yaml)")
    if len(folders) > 1:
        raise RunwalkError(f"several built plans are called '{plan}' in {out}: "
                           + ", ".join(str(f) for f in folders) + "; copy their files by name")
    folder = folders[0]
    files = sorted(folder.glob(f"w{week:02d}d*.fit" if week else "w[0-9][0-9]d*.fit"))
    if not files:
        raise RunwalkError(f"plan '{plan}' has no FIT files for week {week} in {folder}")
    copies = copies_of(files)
    schedule = folder / "schedule.fit"
    if schedule.is_file():
        data = _schedule_for(schedule, copies)
        if data is not None:
            copies.append(Copy(schedule, data, f"{folder.name}-schedule.fit"))
    return copies


def _schedule_for(schedule: Path, copies: list) -> bytes | None:
    """The plan's schedule cut to the workouts being copied (None when none is in it)."""
    from .writers.fit import decode
    from .writers.fit import schedule_bytes

    messages = decode(schedule.read_bytes(), str(schedule))
    serials = set()
    for copy in copies:
        head = (decode(copy.data, str(copy.source)).get("file_id_mesgs") or [{}])[0]
        serials.add(head.get("serial_number"))
    entries = [(e["serial_number"], e["scheduled_time"]) for e in messages.get("schedule_mesgs", [])
               if e.get("serial_number") in serials]
    if not entries:
        return None
    created = (messages.get("file_id_mesgs") or [{}])[0].get("time_created")
    return schedule_bytes(entries, int(created) + 631065600 if isinstance(created, int) else None)


def copies_of(files) -> list:
    """The files given on the command line, checked (so a bad one copies nothing)."""
    return [Copy(Path(f), data, watch_name(Path(f), data))
            for f in files for data in [check_fit(Path(f))]]


def plan_copy(copies: list, new_files: Path, force: bool = False) -> tuple:
    """(to write, already there): names unique, nothing on the watch replaced unless
    ``force``; an error naming every clash otherwise."""
    by_name: dict = {}
    for copy in copies:
        first = by_name.setdefault(copy.name.lower(), copy)
        if first.data != copy.data:
            raise RunwalkError(f"{first.source} and {copy.source} would both be {copy.name} on the "
                               "watch: copy them separately, or rename one workout")
    unique = list({c.name.lower(): c for c in copies}.values())
    write, same, clashes = [], [], []
    for copy in unique:
        target = new_files / copy.name
        try:
            existing = target.read_bytes() if target.is_file() else None
        except OSError:
            existing = b""
        if existing is None:
            write.append(copy)
        elif existing == copy.data:
            same.append(copy)
        elif force:
            write.append(copy)
        else:
            clashes.append(copy.name)
    if clashes:
        raise RunwalkError(f"the watch already has other files called {', '.join(clashes)} in "
                           f"{new_files}: nothing copied (--force replaces them)")
    return write, same


def copy_to_watch(copies: list, new_files: Path) -> list:
    """Write every copy into ``new_files``; a full or read-only watch says what was
    copied and what was not."""
    written = []
    for number, copy in enumerate(copies):
        target = new_files / copy.name
        try:
            write_atomic(target, copy.data)
        except OSError as exc:
            left = [c.name for c in copies[number:]]
            done = (f"copied {len(written)} of {len(copies)} ({', '.join(t.name for t in written)})"
                    if written else f"copied none of {len(copies)}")
            raise RunwalkError(f"cannot write to the watch: {exc.strerror or exc}; {done}; "
                               f"not copied: {', '.join(left)}", str(new_files)) from None
        written.append(target)
    return written
