"""An Apple .workout decoder that is not runwalk's: Google's own protobuf parser (the
``protobuf`` package reads any message's fields as unknown fields) and the layout in
../shared/formats.md, written out here again. What a watch would see: the activity,
the names, the goals and the alerts of each step."""

from __future__ import annotations

import struct

from google.protobuf import empty_pb2
from google.protobuf.unknown_fields import UnknownFieldSet

ACTIVITY = {37: "running", 52: "walking"}
LOCATION = {0: "unknown", 2: "indoor", 3: "outdoor"}
PURPOSE = {1: "work", 2: "recovery"}
GOAL = {1: "time", 2: "energy", 3: "distance", 4: "open"}
TIME_UNIT = {1: 1.0, 2: 60.0, 3: 3600.0}
LENGTH_UNIT = {1: 1.0, 2: 1000.0, 3: 0.3048, 4: 0.9144, 5: 1609.344}
ALERT = {1: "average speed", 2: "current speed", 3: "current cadence", 4: "current power",
         5: "current heart rate", 6: "average power"}


def fields(data: bytes) -> dict:
    message = empty_pb2.Empty()
    message.ParseFromString(data)  # raises on a damaged message
    out: dict = {}
    for field in UnknownFieldSet(message):
        value = field.data
        if field.wire_type == 1:  # fixed64: a double
            value = struct.unpack("<d", struct.pack("<Q", value))[0]
        out.setdefault(field.field_number, []).append(value)
    return out


def quantity(data: bytes, units: dict) -> float:
    q = fields(data)
    return q[2][0] * units[q[1][0]]


def speed(data: bytes) -> float:
    v = fields(data)
    return quantity(v[1][0], LENGTH_UNIT) / quantity(v[2][0], TIME_UNIT)


def step(data: bytes) -> dict:
    s = fields(data)
    goal = fields(s[1][0])
    out = {"name": s[3][0].decode() if 3 in s else None, "goal": GOAL[goal[1][0]]}
    if out["goal"] == "time":
        out["seconds"] = quantity(goal[2][0], TIME_UNIT)
    elif out["goal"] == "distance":
        out["metres"] = quantity(goal[4][0], LENGTH_UNIT)
    if 2 in s:
        alert = fields(s[2][0])
        kind = {1: "single", 2: "range", 3: "zone"}[alert[2][0]]
        out["alert"] = {"type": ALERT[alert[1][0]], "kind": kind}
        if 4 in alert:
            payload = fields(alert[4][0])
            if kind == "range":
                ends = fields(payload[2][0])
                out["alert"]["min"], out["alert"]["max"] = speed(ends[1][0]), speed(ends[2][0])
            else:
                out["alert"]["value"] = speed(payload[1][0])
        if 7 in alert:
            payload = fields(alert[7][0])
            if kind == "zone":
                out["alert"]["zone"] = fields(payload[1][0])[1][0]
            else:
                ends = fields(payload[2][0])
                out["alert"]["min"] = fields(ends[1][0])[1][0]
                out["alert"]["max"] = fields(ends[2][0])[1][0]
    return out


def decode(data: bytes) -> dict:
    """A custom workout as the Workout app holds it."""
    plan = fields(data)
    assert plan[1000] == [1] and plan[1002] == [5], "version markers"
    workout = fields(plan[11][0])
    out = {"reference": plan[9][0].decode(), "activity": ACTIVITY[workout[1][0]],
           "location": LOCATION[workout.get(2, [0])[0]], "name": workout[3][0].decode(),
           "warmup": step(workout[4][0]) if 4 in workout else None,
           "cooldown": step(workout[6][0]) if 6 in workout else None, "blocks": []}
    for block in workout.get(5, []):
        b = fields(block)
        out["blocks"].append({
            "iterations": b[2][0],
            "steps": [dict(step(fields(s)[2][0]), purpose=PURPOSE[fields(s)[1][0]])
                      for s in b[1]]})
    return out
