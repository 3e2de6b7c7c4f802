"""Writers by name. A writer is one module, and it mirrors itself as a reader:

- ``CAN``, what its format can say (``lowering.Can``): shared passes lower every step
  list to that first, reporting each loss;
- ``problems(workout, options) -> tuple`` what the format cannot say as written (cheap:
  ``check`` calls it without importing fit-tool or jinja2);
- ``render(workout, options) -> Rendered`` the file's bytes and those same warnings;
- ``read(data, file, profile) -> [Workout]`` the format back into step lists, for
  ``import`` and ``show``.

The table is data, and fit-tool and jinja2 are imported only when a file is rendered,
so ``check`` and ``--help`` stay fast. Adding a format = one module (+ one template for
the text formats: a ``_convert(workout, options) -> (context, warnings)`` and
``problems, render = template_writer("workout.EXT", _convert)``).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

from ..errors import RunwalkError
from ..formats import WRITERS  # the one list of formats, suffixes and names

DEFAULT_FORMATS = tuple(WRITERS)


@dataclass(frozen=True)
class Options:
    """What a writer may know beyond the step list."""

    time_created: int = 1704067200  # 2024-01-01 UTC; SOURCE_DATE_EPOCH overrides it
    profile: object = None
    templates: str | None = None  # a folder whose templates win over the shipped ones


@dataclass(frozen=True)
class Rendered:
    data: bytes
    warnings: tuple = field(default=())


def parse_formats(text: str | None) -> tuple:
    """``fit,zwo`` -> ("fit", "zwo"); unknown names are an error naming the known ones."""
    if not text:
        return DEFAULT_FORMATS
    names = tuple(dict.fromkeys(n.strip().lower() for n in text.split(",") if n.strip()))
    for name in names:
        if name not in WRITERS:
            raise RunwalkError(f"unknown format '{name}'; known: {', '.join(WRITERS)}")
    return names or DEFAULT_FORMATS


def writer(name: str):
    """The writer module for ``name``, imported on first use."""
    return importlib.import_module(WRITERS[name][0])


def extension(name: str) -> str:
    return WRITERS[name][1]


class Losses:
    """What a writer could not say as written, as one warning line per kind of loss.

    Each line names the file and line of the first step concerned, the workout and the
    format, and counts the steps when there are several. ``kind`` names the loss in
    general ("distance steps written as the time they take"), so that a build can sum
    the same loss over many workouts in one line.
    """

    def __init__(self, fmt: str, workout):
        self.fmt = fmt
        self.workout = workout
        self.found: dict = {}

    def add(self, message: str, step=None, kind: str | None = None) -> None:
        first, count, known = self.found.get(message, (step, 0, kind))
        self.found[message] = (first if first is not None else step, count + 1, known or kind)

    def warnings(self) -> tuple:
        lines = []
        for message, (step, count, kind) in self.found.items():
            where = self.workout.source or self.workout.name
            line = getattr(step, "line", None)
            if line:
                where += f":{line}"
            label = f"step '{step.label}'" if step is not None and hasattr(step, "label") else ""
            more = f" (and {count - 1} more)" if count > 1 else ""
            detail = f"{label}{more}: {message}" if label else message
            lines.append(Loss(f"{where}: {self.workout.name}: {self.fmt}: {detail}", detail,
                              self.fmt, kind or message, count))
        return tuple(lines)


class Loss(str):
    """A warning line that also knows its short form (``detail``) for ``check``, its
    format and kind of loss, and how many steps it concerns, for a build's summary."""

    def __new__(cls, text: str, detail: str, fmt: str = "", kind: str = "", count: int = 1):
        loss = super().__new__(cls, text)
        loss.detail, loss.fmt, loss.kind, loss.count = detail, fmt, kind or detail, count
        return loss


def summarize(losses) -> list:
    """One line per format and kind of loss, with how many steps and workouts it concerns."""
    groups: dict = {}
    for loss in losses:
        steps, workouts = groups.get((loss.fmt, loss.kind), (0, 0))
        groups[(loss.fmt, loss.kind)] = (steps + loss.count, workouts + 1)
    lines = []
    for (fmt, kind), (steps, workouts) in groups.items():
        times = f"{steps} times in " if steps > workouts else ""
        lines.append(f"{fmt}: {kind} ({times}{workouts} workout{'s' if workouts > 1 else ''})")
    return lines


_ENVIRONMENTS: dict = {}


def render_template(template_name: str, options: Options, **context) -> bytes:
    """Render a template by name: the user's folder first, then the shipped ones.

    Templates are data from strangers (a coach's folder, a profile's ``templates:``),
    so every one, shipped or not, runs in jinja2's immutable sandbox: reaching for
    Python internals (``__class__``, ``__globals__``...) is an error naming the template
    and line, never code run. XML formats are autoescaped, so names with <, & and
    quotes stay well-formed.
    """
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    env = _ENVIRONMENTS.get(options.templates)
    if env is None:
        from ..resources import shipped

        folders = ([options.templates] if options.templates else []) + [str(shipped("templates"))]
        env = ImmutableSandboxedEnvironment(
            loader=_regular_files(folders),
            autoescape=jinja2.select_autoescape(["zwo", "tcx", "xml", "html"], default_for_string=False),
            trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
            undefined=jinja2.StrictUndefined)
        _ENVIRONMENTS[options.templates] = env
    template = None
    try:
        template = env.get_template(template_name)
        return template.render(**context).encode("utf-8")
    except RunwalkError:
        raise
    except jinja2.TemplateSyntaxError as exc:
        raise RunwalkError(f"template problem: {exc.message}", exc.filename or template_name,
                           exc.lineno) from None
    except jinja2.TemplateNotFound as exc:
        raise RunwalkError(f"template problem: no template {exc.name}", template_name) from None
    except Exception as exc:  # while rendering: unsafe access, {{ 1/0 }}...: its template line
        import traceback

        filename = template.filename if template is not None else template_name
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == filename]
        what = ("not allowed in a template" if isinstance(exc, jinja2.exceptions.SecurityError)
                else type(exc).__name__)
        raise RunwalkError(f"template problem: {what}: {exc}", filename,
                           frames[-1].lineno if frames else None) from None


def _regular_files(folders):
    """A jinja2 loader of ``folders`` that reads only regular files inside them."""
    import jinja2

    class RegularFiles(jinja2.FileSystemLoader):
        """Templates only from regular files inside their folder: a link in a stranger's
        templates folder (``leak -> /etc/hostname``) is never read."""

        def get_source(self, environment, template):
            import os

            for folder in self.searchpath:
                path = os.path.join(folder, *template.split("/"))
                if os.path.lexists(path):
                    inside = os.path.realpath(path).startswith(os.path.realpath(folder) + os.sep)
                    if os.path.islink(path) or not os.path.isfile(path) or not inside:
                        raise RunwalkError(f"template problem: '{template}' is not a file of the "
                                           "templates folder (a link or a folder is never read)",
                                           path)
                    break
            return super().get_source(environment, template)

    return RegularFiles(folders)


def template_writer(template_name: str, convert):
    """``problems`` and ``render`` for a writer that is a convert function plus a template.

    ``convert(workout, options)`` returns (template context, warnings).
    """
    def problems(workout, options: Options = Options()) -> tuple:
        return convert(workout, options)[1]

    def render(workout, options: Options = Options()) -> Rendered:
        context, warnings = convert(workout, options)
        return Rendered(render_template(template_name, options, **context), warnings)

    return problems, render


_CONTROL = dict.fromkeys(c for c in range(32) if c not in (9, 10, 13))


def xml_text(text: str) -> str:
    """Text safe inside XML: control characters XML 1.0 forbids are removed."""
    return text.translate(_CONTROL)
