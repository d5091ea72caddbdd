"""What the core needs from the outside world, and the shared context passed to every use case."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping, Protocol, Sequence

from bot.clock import Clock
from bot.engine.form import Form
from bot.settings import Settings


@dataclass(frozen=True)
class Person:
    """A person as a channel knows them: Slack user in a workspace, or a console name."""

    channel: str
    workspace: str
    user: str


@dataclass(frozen=True)
class Profile:
    display_name: str | None = None
    locale: str | None = None
    tz: str | None = None


class Directory(Protocol):
    """Who people are and who holds Secretariat rights, as the channel knows it."""

    def profile(self, person: Person) -> Profile | None: ...

    def is_secretariat(self, person: Person) -> bool: ...

    def secretariat(self, workspace: str) -> Sequence[Person]: ...


@dataclass
class Core:
    """Everything a use case needs, built once by bot/app.py from settings."""

    settings: Settings
    clock: Clock
    uow: Callable  # () -> UnitOfWork
    directory: Directory
    forms: Mapping[str, Form] = field(default_factory=dict)


@dataclass
class Result:
    """What a use case hands back: an immediate reply (if any) and outbox rows to deliver now."""

    reply: object | None = None  # bot.replies.Message
    outbox: list[int] = field(default_factory=list)
    errors: dict = field(default_factory=dict)  # field key -> Msg, for whole-form submissions
    replace: object | None = None  # what the clicked message should now show (channels that can edit it)


class RateLimited(Exception):
    """The channel asked us to wait (Slack's 429 with Retry-After); the message is tried again later."""

    def __init__(self, retry_after: float):
        super().__init__(retry_after)
        self.retry_after = retry_after


class Sender(Protocol):
    """Delivers one rendered message to one person on one channel; returns a reference or None."""

    def send(self, recipient: Person, message, reader) -> str | None: ...
