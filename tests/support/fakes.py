"""Hand-written fakes of the core's ports: a directory of people, a sender that records messages, one that counts."""
from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field

from bot.i18n import Reader
from bot.replies import Message
from bot.services.ports import Delivered, Person, Profile, RateLimited


@dataclass
class FakeDirectory:
    profiles: dict[str, Profile] = field(default_factory=dict)
    secretariat_users: tuple[str, ...] = ("USEC",)

    def profile(self, person: Person) -> Profile | None:
        return self.profiles.get(person.user, Profile(display_name=person.user, locale="en-US",
                                                      tz="Europe/Amsterdam"))

    def is_secretariat(self, person: Person) -> bool:
        return person.user in self.secretariat_users

    def secretariat(self, workspace: str):
        return [Person("slack", workspace, u) for u in self.secretariat_users]


@dataclass
class Sent:
    to: str
    text: str
    message: Message
    key: str = ""
    together: tuple[str, ...] = ()  # the others in the conversation it went to (an introduction)


class RecordingSender:
    """Renders as plain text in the recipient's language; can be told to answer 'rate limited'."""

    def __init__(self):
        self.sent: list[Sent] = []
        self.rate_limit_next = 0

    def send(self, recipient: Person, message: Message, reader: Reader, key: str) -> Delivered | None:
        if self.rate_limit_next:
            self.rate_limit_next -= 1
            raise RateLimited(30)
        from handlers.console import render_text
        self.sent.append(Sent(recipient.user, render_text(message, reader, []), message, key, recipient.together))
        return Delivered(f"D{recipient.user}", f"ref{len(self.sent)}")

    def landed(self, recipient: Person, key: str, since) -> Delivered | None:
        for number, sent in enumerate(self.sent, 1):
            if sent.key == key and sent.to == recipient.user:
                return Delivered(f"D{recipient.user}", f"ref{number}")
        return None

    def to(self, user: str) -> list[str]:
        return [s.text for s in self.sent if s.to == user]


class CountingSender:
    """Counts posts per outbox key ("outbox:ID"), thread-safe as dispatchers racing send at once; nothing ever
    looks as if it had landed, so a second post of a row shows as a count of 2."""

    def __init__(self):
        self.posts: Counter[str] = Counter()
        self._lock = threading.Lock()

    def send(self, recipient: Person, message: Message, reader: Reader, key: str) -> Delivered | None:
        with self._lock:
            self.posts[key] += 1
        return None

    def landed(self, recipient: Person, key: str, since) -> Delivered | None:
        return None
