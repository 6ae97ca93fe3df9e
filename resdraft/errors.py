"""One exception hierarchy; each class carries the exit code the CLI turns it into.

The core keeps ``message`` and ``hint`` apart so the CLI decides the layout.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem found in a document, located as precisely as we can."""

    code: str
    message: str
    source: str | None = None
    line: int | None = None
    eid: str | None = None
    severity: str = "error"

    def location(self) -> str:
        parts = [self.source or "<document>"]
        if self.line is not None:
            parts[0] += f":{self.line}"
        if self.eid:
            parts.append(f"[{self.eid}]")
        return " ".join(parts)


class ResdraftError(Exception):
    """Base of every error resdraft raises on purpose."""

    exit_code: ClassVar[int] = 70

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        source: Path | str | None = None,
        eid: str | None = None,
        line: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.source = str(source) if source is not None else None
        self.eid = eid
        self.line = line

    def __reduce__(self) -> tuple[object, ...]:
        """Rebuilt from its attributes: errors cross the process pool of folder commands, and
        the default rebuild, ``cls(message)``, fails for classes that take more arguments."""
        return (_rebuild, (type(self), self.message, dict(self.__dict__)))

    def __str__(self) -> str:
        where = self.source or ""
        if self.line is not None:
            where += f":{self.line}"
        if self.eid:
            where = f"{where} [{self.eid}]" if where else f"[{self.eid}]"
        return f"{where}: {self.message}" if where else self.message


def _rebuild(cls: type[ResdraftError], message: str, state: dict[str, object]) -> ResdraftError:
    err = cls.__new__(cls)
    Exception.__init__(err, message)
    err.__dict__.update(state)
    return err


class UsageError(ResdraftError):
    """A command asked for what it cannot do: options that do not go together, an output that
    is one of its inputs. Found after option parsing, so Click's own usage errors cannot say it."""

    exit_code = 2


class InputError(ResdraftError):
    """Unreadable input (missing, too large, not XML, not Akoma Ntoso, hostile), or an output
    that cannot be written."""

    exit_code = 3


class InvalidDocumentError(ResdraftError):
    """A well-formed document that breaks the schema, the profile or the lint."""

    exit_code = 4

    def __init__(self, message: str, issues: tuple[Issue, ...], **kw: object) -> None:
        super().__init__(message, **kw)  # type: ignore[arg-type]
        self.issues = issues


class AmendmentError(ResdraftError):
    """A proposal that cannot be applied to the resolution it targets."""

    exit_code = 5

    def __init__(self, message: str, *, proposal: str | None = None, **kw: object) -> None:
        super().__init__(message, **kw)  # type: ignore[arg-type]
        self.proposal = proposal

    def __str__(self) -> str:
        base = super().__str__()
        return f"{self.proposal}: {base}" if self.proposal else base


class TargetNotFoundError(AmendmentError):
    """The provision a change names does not exist in the base text."""


class TextMismatchError(AmendmentError):
    """The text a proposal quotes as the base differs from the base we hold."""


class ConflictingAmendmentsError(AmendmentError):
    """Two changes cannot both be applied (same words, or a change to a deleted provision)."""
