"""One error type for everything a runner can get wrong, carrying file and line."""

from __future__ import annotations


class RunwalkError(Exception):
    """A problem in an input file or option, printed as ``file:line: message``."""

    def __init__(self, message: str, file: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line

    def located(self, file: str | None, line: int | None = None) -> "RunwalkError":
        """The same error with a file (and line) filled in where it had none."""
        return RunwalkError(self.message, self.file or file, self.line or line)

    def __str__(self) -> str:
        where = self.file or ""
        if where and self.line:
            where += f":{self.line}"
        return f"{where}: {self.message}" if where else self.message


def did_you_mean(word: str, choices) -> str:
    """`` (did you mean 'steps'?)`` when something close exists, else an empty string."""
    import difflib  # only when there is an error to explain

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
