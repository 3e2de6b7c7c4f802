"""A plan as an iCalendar file: one all-day event per session, made with icalendar."""

from __future__ import annotations

import datetime as dt

from .display import summary, workout_lines


def plan_calendar(plan, stamp: int, files: dict) -> bytes:
    """The .ics bytes of a dated plan. ``stamp`` (Unix seconds) is every event's DTSTAMP,
    so builds are reproducible; ``files`` maps a session slug to its files' names."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//runwalk//runwalk plan//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", plan.name)
    stamped = dt.datetime.fromtimestamp(stamp, tz=dt.timezone.utc)
    key = plan.short_name.replace(" ", "-").lower()
    for session in plan.sessions:
        event = Event()
        if session.workout is not None:
            event.add("summary", f"{session.workout.short_name}: {summary(session.workout)}")
            lines = workout_lines(session.workout)
            if session.workout.notes:
                lines += ["", session.workout.notes]
            if session.slug in files:
                lines += ["", "Files: " + ", ".join(files[session.slug])]
            event.add("description", "\n".join(lines))
            uid = f"{key}-{session.slug}@runwalk"
        else:
            event.add("summary", f"{plan.short_name} W{session.week}: {session.cross}")
            event.add("description", f"Cross-training: {session.cross}")
            uid = f"{key}-w{session.week:02d}-{session.weekday}-cross@runwalk"
        event.add("uid", uid)
        event.add("dtstamp", stamped)
        event.add("dtstart", session.date)
        event.add("dtend", session.date + dt.timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
