"""Putting a build's files into the output folder so that a killed build never leaves a mix.

A build goes in three steps, under a lock on the output folder:

1. every file is written into ``.runwalk-staging/`` inside the output folder (same file
   system, so a rename moves it) and flushed to disk;
2. a journal (``.runwalk-journal.json``) listing every (staged file, destination) is
   written to a temporary name, flushed and renamed into place: the build is now
   committed;
3. the staged files are renamed onto their destinations, manifest last; then the
   journal and the staging folder go.

A build killed before step 2 left only the staging folder: the next command that
touches the output folder removes it (the folder is as before the build). Killed after
step 2, the journal is there: the next command finishes the renames (the folder is as
after the build). Either way, what ``manifest.json`` lists matches its sha256.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

from .errors import RunwalkError

STAGING = ".runwalk-staging"
JOURNAL = ".runwalk-journal.json"
JOURNAL_TEMP = JOURNAL + ".tmp"


def safe_target(out_dir: Path, relative: Path, folders: dict | None = None) -> Path:
    """The path for ``relative`` under ``out_dir``; an error if it would land outside.

    The folder it goes into is resolved (links followed), once per folder with
    ``folders`` as a cache; the file's own name is not followed: a rename replaces a
    link there, never what it points at.
    """
    root = out_dir.resolve()
    name = relative.name
    if name in ("", ".", "..") or relative.is_absolute():
        raise RunwalkError(f"refusing to write '{relative}' outside the output folder {out_dir}")
    parent = relative.parent
    folder = folders.get(parent) if folders is not None else None
    if folder is None:
        folder = (root / parent).resolve()
        if folders is not None:
            folders[parent] = folder
    target = folder / name
    if root != folder and root not in folder.parents:
        raise RunwalkError(f"refusing to write '{relative}' outside the output folder {out_dir}")
    return target


@contextmanager
def locked(out_dir: Path):
    """Hold the output folder for this process: two builds into one folder take turns."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks on folders; builds are not concurrent there
        yield
        return
    fd = os.open(out_dir, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def recover(out_dir: Path) -> str | None:
    """Finish or undo what a killed build left in ``out_dir``; what was done, if anything.

    Call it holding ``locked(out_dir)`` (``publish`` does).
    """
    journal = out_dir / JOURNAL
    staging = out_dir / STAGING
    done = None
    if os.path.islink(staging) or (staging.exists() and not staging.is_dir()):
        # not a folder runwalk made: never follow it, never act on a journal about it
        staging.unlink()
        journal.unlink(missing_ok=True)
        (out_dir / JOURNAL_TEMP).unlink(missing_ok=True)
        return "removed a staging entry that was not runwalk's folder (nothing moved)"
    if journal.is_file():
        moves = _read_journal(journal, out_dir)
        if moves is None:
            done = "removed an unreadable journal of an interrupted build"
        else:
            _commit(out_dir, moves)
            done = "finished the interrupted build's last step"
        journal.unlink(missing_ok=True)
    elif staging.exists():
        done = "removed the files of a build that was interrupted before it finished"
    (out_dir / JOURNAL_TEMP).unlink(missing_ok=True)
    if staging.exists():
        _rmtree(staging, ignore_errors=True)
    return done


def settle(out_dir: Path) -> str | None:
    """Before a command reads or writes ``out_dir``: finish or undo a killed build there."""
    if not out_dir.is_dir():
        return None
    with locked(out_dir):
        return recover(out_dir)


def _read_journal(journal: Path, out_dir: Path) -> list | None:
    """[(staged path, target path)] from a journal, or None when it is not one of ours."""
    import json

    try:
        data = json.loads(journal.read_text(encoding="utf-8"))
        moves, staged_names, targets = [], set(), set()
        staging = (out_dir / STAGING).resolve()
        for staged, relative in data["moves"]:
            if not (isinstance(staged, str) and staged.isdigit() and isinstance(relative, str)):
                return None
            target = safe_target(out_dir, Path(relative))
            # each staged file once, onto its own target, never into the staging folder
            if staged in staged_names or target in targets or staging in (target, *target.parents):
                return None
            staged_names.add(staged)
            targets.add(target)
            moves.append((out_dir / STAGING / staged, target))
        return moves
    except (OSError, ValueError, KeyError, TypeError, RunwalkError):
        return None


def _commit(out_dir: Path, moves) -> None:
    """Rename every staged file onto its target; a move already done is skipped."""
    for staged, target in moves:
        if not os.path.lexists(staged):
            continue  # renamed before the build was killed
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staged, target)


def check_targets(out_dir: Path, outputs) -> list:
    """(target path, output) for every output; an error before anything is written when a
    path leaves the folder, is taken twice, or is taken by a folder (or a file stands
    where a folder must go)."""
    import unicodedata

    folders: dict = {}
    targets = [(safe_target(out_dir, o.relative, folders), o) for o in outputs]
    seen: dict = {}
    folded: dict = {}  # as a case-insensitive disk (a watch, macOS, Windows) sees the name
    folders = set()
    for target, output in targets:
        key = unicodedata.normalize("NFC", output.relative.as_posix()).casefold()
        other = folded.setdefault(key, output)
        if other is not output and other.relative != output.relative:
            sources = " and ".join(str(o.workout.source) if o.workout else str(o.relative)
                                   for o in (other, output))
            raise RunwalkError(f"{other.relative} and {output.relative} differ only by case (or "
                               f"accents' spelling): on a watch, macOS or Windows one would "
                               f"overwrite the other ({sources}); rename one")
        if target in seen:
            first, second = seen[target].workout, output.workout
            if first is None or second is None:  # a pack file (manifest.json, index.html...)
                workout = first or second
                raise RunwalkError(f"{workout.source}: its {output.relative} would take the place "
                                   "of the pack's own file of that name: rename the workout file")
            raise RunwalkError(f"two workouts would write the same file {output.relative}: "
                               f"{first.source} and {second.source}")
        seen[target] = output
        folders.update(target.parents)
    root = out_dir.resolve()
    for target, output in targets:
        if target.is_dir():
            raise RunwalkError(f"cannot write {output.relative}: a folder of that name is "
                               f"in the way in {out_dir}; nothing was written")
        if target in folders:
            raise RunwalkError(f"{output.relative} is both a file and a folder in this build")
    for folder in sorted(f for f in folders if root in f.parents):
        if folder.exists() and not folder.is_dir():
            raise RunwalkError(f"cannot write into {folder.relative_to(root)}/: a file of that "
                               f"name is in the way in {out_dir}; nothing was written")
    return targets


def publish(out_dir: Path, outputs, manifest_name: str = "manifest.json", report=None,
            durable: bool = True) -> list:
    """Write every output under ``out_dir``: all of them, or (on an error or a kill) none.
    ``durable`` flushes them to disk before they replace the old ones (a power cut then
    loses nothing).

    What a killed build left is finished or undone first, under the same lock, and
    ``report(message)`` is told when there was any. Returns the paths written. Raises
    RunwalkError, with ``out_dir`` as it was, when a path is wrong or the disk refuses
    a write.
    """
    targets = check_targets(out_dir, outputs)
    created = not out_dir.exists()
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RunwalkError(f"cannot make the output folder: {exc.strerror or exc}", str(out_dir)) from None
    # The manifest goes last, so that even mid-commit it never lists files not yet there.
    targets.sort(key=lambda t: t[1].relative.as_posix() == manifest_name)
    with locked(out_dir):
        done = recover(out_dir)
        if done and report:
            report(done)
        staging = out_dir / STAGING
        try:
            staging.mkdir()
            moves = []
            for number, (target, output) in enumerate(targets):
                staged = staging / f"{number:06d}"
                _write_new(staged, output.data)
                moves.append((staged.name, target.relative_to(out_dir.resolve()).as_posix()))
            if durable:
                _sync(staging)
            _write_journal(out_dir, moves, durable)
        except OSError as exc:
            _rmtree(staging, ignore_errors=True)
            (out_dir / JOURNAL_TEMP).unlink(missing_ok=True)
            if created:
                _remove_if_empty(out_dir)
            where = exc.filename or out_dir
            raise RunwalkError(f"cannot write: {exc.strerror or exc}; nothing was written",
                               str(where)) from None
        _commit(out_dir, [(staging / s, out_dir.resolve() / r) for s, r in moves])
        (out_dir / JOURNAL).unlink()
        staging.rmdir()  # every staged file was renamed out of it
    return [t for t, _ in targets]


def _write_new(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _write_journal(out_dir: Path, moves: list, durable: bool) -> None:
    """The commit point: the journal appears whole (written, flushed, renamed) or not at all."""
    import json

    temporary = out_dir / JOURNAL_TEMP
    data = json.dumps({"version": 1, "moves": moves}, separators=(",", ":")).encode()
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        if durable:
            handle.flush()
            os.fsync(handle.fileno())
    os.replace(temporary, out_dir / JOURNAL)
    if durable:
        _sync_folder(out_dir)


def _sync(staging: Path) -> None:
    """Every staged file on disk before the journal commits to them."""
    if hasattr(os, "sync"):
        os.sync()  # one call for all the files: cheaper than a flush per file
        return
    for path in staging.iterdir():
        with open(path, "rb+") as handle:
            os.fsync(handle.fileno())


def _sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # Windows cannot open folders; NTFS journals renames itself
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass


def write_atomic(target: Path, data: bytes, durable: bool = True) -> None:
    """One file: written to a temporary name beside ``target``, then renamed into place."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary.unlink(missing_ok=True)  # left by a killed copy of the same process id
    try:
        _write_new(temporary, data)
        if durable:
            with open(temporary, "rb+") as handle:
                os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _rmtree(path: Path, ignore_errors: bool = True) -> None:
    import shutil  # only when there is a folder to remove: a single-file build skips it

    shutil.rmtree(path, ignore_errors=ignore_errors)
