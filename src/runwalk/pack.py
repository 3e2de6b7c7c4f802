"""The pack around the workout files: manifest.json, index.html and an optional zip.

All three are made in memory from the build's outputs, so they list exactly the files
the build writes, and they are byte-identical from one build to the next.
"""

from __future__ import annotations

import hashlib
import io
import json
import time
import zipfile

from .display import summary
from .steps import Lap, Repeat, step_seconds, totals

MANIFEST = "manifest.json"
INDEX = "index.html"
ZIP = "runwalk-pack.zip"
SVG_WIDTH = 320
SVG_HEIGHT = 28
LAP_SECONDS = 60  # drawn width of a lap step, which has no length of its own
# Block height (as a share of the picture) by step kind: effort you can see at a glance.
HEIGHTS = {"run": 1.0, "recover": 0.55, "warmup": 0.4, "cooldown": 0.4, "walk": 0.3, "rest": 0.15}


def manifest(outputs) -> bytes:
    """``{"files": [...]}``: path, format, sha256, bytes, workout, steps, seconds per file."""
    from .steps import flat_count

    files = []
    for output in sorted(outputs, key=lambda o: o.relative.as_posix()):
        workout = output.workout
        seconds = totals(workout.steps)[0] if workout else None
        files.append({
            "path": output.relative.as_posix(),
            "format": output.format,
            "sha256": hashlib.sha256(output.data).hexdigest(),
            "bytes": len(output.data),
            "workout": workout.name if workout else None,
            "steps": flat_count(workout.steps) if workout else None,
            "seconds": round(seconds) if seconds is not None else None,
        })
    return (json.dumps({"files": files}, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def blocks(workout) -> list:
    """The workout over time as (kind, seconds) spans: repeats unrolled, runs of a kind merged."""
    spans: list = []

    def walk(items, times):
        for _ in range(times):
            for item in items:
                if isinstance(item, Repeat):
                    walk(item.steps, item.count if item.until is None else 1)
                    continue
                seconds = LAP_SECONDS if isinstance(item.duration, Lap) else step_seconds(item)
                seconds = seconds or LAP_SECONDS
                if spans and spans[-1][0] == item.kind:
                    spans[-1][1] += seconds
                else:
                    spans.append([item.kind, seconds])
    walk(workout.steps, 1)
    return spans


def profile_paths(workout) -> list:
    """The index's picture of a workout: one SVG path per kind of step (a block per span,
    height by effort), so a picture costs a handful of elements however long the workout."""
    spans = blocks(workout)
    total = sum(s for _, s in spans) or 1
    paths: dict = {}  # kind -> [path data, x where its last block started]
    x = 0.0
    for kind, seconds in spans:
        width = round(SVG_WIDTH * seconds / total, 1)
        height = SVG_HEIGHT * HEIGHTS.get(kind, 0.5)
        w, h = _number(width), _number(height)
        if kind in paths:  # relative to the kind's previous block: a third of the bytes
            path = paths[kind]
            path[0] += f"m{_number(x - path[1])} 0h{w}v{h}h-{w}z"
            path[1] = x
        else:
            paths[kind] = [f"M{_number(x)} {_number(SVG_HEIGHT - height)}h{w}v{h}h-{w}z", x]
        x = round(x + width, 1)
    return [{"kind": kind, "d": data} for kind, (data, _) in paths.items()]


def _number(value: float) -> str:
    """A coordinate in as few bytes as SVG reads it: 12.0 -> 12, 0.5 -> .5."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text[1:] if text.startswith("0.") else text.replace("-0.", "-.") or "0"


def index(outputs, plans, options) -> bytes:
    """index.html: every plan (by week) and workout, an SVG profile each, links to its files."""
    from .writers import render_template

    by_stem: dict = {}
    for output in outputs:
        if output.workout is not None:
            by_stem.setdefault(output.relative.with_suffix("").as_posix(), []).append(output)
    entries = {}
    for stem, files in sorted(by_stem.items()):
        workout = files[0].workout
        entries[stem] = {"name": workout.name, "short": workout.short_name or "",
                         "summary": summary(workout), "paths": profile_paths(workout),
                         "files": [{"path": f.relative.as_posix(), "format": f.format}
                                   for f in sorted(files, key=lambda f: f.format)]}
    plan_rows, in_plans = [], set()
    for folder, plan, calendar in plans:
        weeks: dict = {}
        for session in plan.sessions:
            row = {"week": session.week, "date": session.date.isoformat() if session.date else "",
                   "cross": session.cross, "entry": None}
            if session.workout is not None:
                stem = f"{folder}/{session.slug}" if folder else session.slug
                row["entry"] = entries.get(stem)
                in_plans.add(stem)
            weeks.setdefault(session.week, []).append(row)
        plan_rows.append({"name": plan.name, "notes": plan.notes, "calendar": calendar,
                          "weeks": sorted(weeks.items())})
    singles = [entry for stem, entry in entries.items() if stem not in in_plans]
    return render_template(INDEX, options, plans=plan_rows, workouts=singles,
                           width=SVG_WIDTH, height=SVG_HEIGHT)


def archive(files, stamp: int) -> bytes:
    """A zip of (relative path, bytes), sorted, with fixed dates and modes: reproducible."""
    when = time.gmtime(max(stamp, 315532800))[:6]  # zip dates start in 1980
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for relative, data in sorted(files, key=lambda f: f[0]):
            info = zipfile.ZipInfo(relative, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            zf.writestr(info, data)
    return buffer.getvalue()
