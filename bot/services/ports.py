"""What the core needs from the outside world, and the shared context passed to every use case."""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from bot.clock import Clock
from bot.engine.form import Form
from bot.i18n import Reader
from bot.replies import Message
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.features import Features


@dataclass(frozen=True)
class Person:
    """A person as a channel knows them: Slack user in a workspace, or a console name."""

    channel: str
    workspace: str
    user: str
    # Where they typed it (a Slack channel or DM): not part of who they are, so never compared.
    conversation: str | None = field(default=None, compare=False)
    # A message to them together with these others (user keys on the same channel) goes to one conversation of
    # them all, not to their DM: an introduction.
    together: tuple[str, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class Profile:
    display_name: str | None = None
    locale: str | None = None
    tz: str | None = None
    left: bool = False  # the channel says they are no longer there (Slack: a deactivated account)


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
    features: Features
    boards: Mapping[str, Board] = field(default_factory=dict)  # channel name -> where messages are posted for all

    @property
    def forms(self) -> Mapping[str, Form]:
        return self.features.forms


@dataclass
class Result:
    """What a use case hands back: an immediate reply (if any) and outbox rows to deliver now."""

    reply: Message | None = None
    outbox: list[int] = field(default_factory=list)
    errors: dict = field(default_factory=dict)  # field key -> Msg, for whole-form submissions
    replace: Message | None = None  # what the clicked message should now show (channels that can edit it)
    reader: Reader | None = None  # when the use case changed how the person reads (/asp lang)
    # Work that may take longer than the channel waits for an answer (an export's files): the adapter answers
    # first, then runs it; it returns the outbox rows it wrote, to deliver.
    later: Callable[[], list[int]] | None = None


class Undeliverable(Exception):
    """The channel says this person cannot receive messages at all (Slack: `user_not_found`, `account_inactive`):
    retrying would not help; the row is marked failed with the reason, for the Secretariat to see."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class RateLimited(Exception):
    """The channel asked us to wait (Slack's 429 with Retry-After); the message is tried again later."""

    def __init__(self, retry_after: float):
        super().__init__(retry_after)
        self.retry_after = retry_after


@dataclass(frozen=True)
class Delivered:
    """Where a message landed, as its channel names it: a conversation and the message's id in it."""

    conversation: str | None
    message: str


class Sender(Protocol):
    """Delivers one rendered message to one person on one channel; says where it landed, if it can.

    `key` names the message for good (its outbox row): a channel that can keep it with the message finds it
    again with `landed`, which is asked before a retry whose earlier try may have gone out unrecorded.
    """

    def send(self, recipient: Person, message, reader, key: str) -> Delivered | None: ...

    def landed(self, recipient: Person, key: str, since: datetime) -> Delivered | None: ...


class Board(Protocol):
    """Posts a message for everyone in a conversation (the floor's countdown in a channel) and edits it later.

    Raises RateLimited when the channel asks to wait, Undeliverable when it will never take the message there
    (not a member of that channel, an archived one).
    """

    def post(self, workspace: str, conversation: str, message, reader) -> Delivered: ...

    def update(self, workspace: str, conversation: str, ts: str, message, reader) -> None: ...
