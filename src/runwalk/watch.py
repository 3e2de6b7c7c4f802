"""Finding a watch mounted as a USB drive and putting workout files into GARMIN/NewFiles.

The watch moves files from NewFiles into its workouts when it is unplugged. Watches
that mount over MTP (many newer models) are not drives; see the README.
"""

from __future__ import annotations

import glob
import os
import string
import sys
from pathlib import Path

from .publish import write_atomic
from .errors import RunwalkError

FIT_MAGIC = b".FIT"


def mount_patterns() -> list:
    """Glob patterns for where removable drives appear on this system.

    RUNWALK_MOUNT_ROOTS (paths separated like PATH) replaces them, for unusual setups.
    """
    override = os.environ.get("RUNWALK_MOUNT_ROOTS")
    if override:
        return [p for p in override.split(os.pathsep) if p]
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


def copy_to_watch(files, new_files: Path) -> list:
    """Copy every file into ``new_files`` (checked first, so a bad one copies nothing)."""
    loaded = [(Path(f), check_fit(Path(f))) for f in files]
    written = []
    for number, (path, data) in enumerate(loaded):
        target = new_files / path.name
        try:
            write_atomic(target, data)
        except OSError as exc:
            left = [p.name for p, _ in loaded[number:]]
            done = (f"copied {len(written)} of {len(loaded)} ({', '.join(t.name for t in written)})"
                    if written else f"copied none of {len(loaded)}")
            raise RunwalkError(f"cannot write to the watch: {exc.strerror or exc}; {done}; "
                               f"not copied: {', '.join(left)}", str(new_files)) from None
        written.append(target)
    return written


def plan_files(out: Path, plan: str, week: int | None = None) -> list:
    """The built FIT files of plan ``plan`` under ``out`` (one week, or all), in plan order."""
    folders = sorted(p for p in out.rglob(plan) if p.is_dir()) if out.is_dir() else []
    if not folders:
        raise RunwalkError(f"no built plan '{plan}' in {out}: run 'runwalk build' first "
                           "(NAME is the plan file's name without .yaml)")
    pattern = f"w{week:02d}d*.fit" if week else "w*d*.fit"
    files = sorted(f for folder in folders for f in folder.glob(pattern))
    if not files:
        raise RunwalkError(f"plan '{plan}' has no FIT files for week {week} in {folders[0]}")
    return files
