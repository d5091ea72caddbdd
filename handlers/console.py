"""The local console: the same core and conversations as Slack, rendered as text on a terminal."""
from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from bot.errors import Refusal
from bot.features.account.service import home
from bot.i18n import Reader, _
from bot.replies import Actions, Attachment, Facts, Header, Message, Note, Question, Text
from bot.services import actions, commands, conversations, documents, inbox
from bot.services.guard import attempt
from bot.services.people import default_reader
from bot.services.ports import Core, Delivered, Person, Profile, Result

WORKSPACE = "local"
ROOM = "room"  # the one conversation a console's /asp floor shows its countdown in


class ConsoleDirectory:
    """Console people are names; the Secretariat is ASPBOT_SECRETARIAT's names, or `secretariat`."""

    def __init__(self, secretariat_names: Sequence[str], tz: str):
        # Slack IDs in the same setting (U…, W…, S… in capitals) are no console names; "Sam" is.
        self._names = [n for n in secretariat_names if not re.fullmatch(r"[UWS][A-Z0-9]{6,}", n)] \
            or ["secretariat"]
        self._tz = tz

    def profile(self, person: Person) -> Profile | None:
        return Profile(display_name=person.user, locale=None, tz=self._tz)

    def is_secretariat(self, person: Person) -> bool:
        return person.channel == "console" and person.user in self._names

    def secretariat(self, workspace: str) -> Sequence[Person]:
        return [Person("console", WORKSPACE, name) for name in self._names]


def render_text(message: Message, reader: Reader, buttons: list[tuple[str, str]]) -> str:
    """Plain text for a message; buttons are numbered !1, !2… continuing `buttons`, which is extended."""
    lines: list[str] = []
    for part in message.parts:
        if isinstance(part, Header):
            lines.append(f"== {reader.render(part.msg)} ==")
        elif isinstance(part, Text):
            lines.append(reader.render(part.msg))
        elif isinstance(part, Note):
            lines.append(f"  ({reader.render(part.msg)})")
        elif isinstance(part, Facts):
            lines += ["  " + reader.render(_("{label}: {value}", label=label, value=value))
                      for label, value in part.rows]
        elif isinstance(part, Question):
            lines.append(reader.render(part.prompt))
            if part.hint is not None:
                lines.append(f"  ({reader.render(part.hint)})")
            for i, choice in enumerate(part.choices, start=1):
                tick = "[x] " if part.multi and choice.value in part.selected else ""
                lines.append(f"  {i}. {tick}{reader.param(choice.label)}")
            if part.multi and part.choices:
                lines.append("  (" + reader.render(_("Type the numbers or names of all that apply, separated by "
                                                     "commas, for example “1, 3”.")) + ")")
        elif isinstance(part, Attachment):
            lines.append("  " + reader.render(_("[file] {title}: {name}", title=part.title, name=part.name)))
        elif isinstance(part, Actions):
            shown = []
            for button in part.buttons:
                buttons.append((button.action, button.value))
                shown.append(f"[!{len(buttons)}] {reader.render(button.label)}")
            if shown:
                lines.append("  " + "  ".join(shown))
    return "\n".join(lines)


class ConsoleSender:
    def __init__(self, console: Console):
        self._console = console

    def send(self, recipient: Person, message: Message, reader: Reader, key: str) -> Delivered | None:
        if recipient.together:
            self._console.show_together((recipient.user, *recipient.together), message, reader)
        else:
            self._console.show(recipient.user, message, reader)
        return None

    def landed(self, recipient: Person, key: str, since: datetime) -> Delivered | None:
        return None  # a screen keeps nothing to look in: a message cut off by a crash is shown again


class ConsoleBoard:
    """The room's messages (the floor's countdown) are printed for the console's person; an edit prints anew."""

    def __init__(self, console: Console):
        self._console = console

    def post(self, workspace: str, conversation: str, message: Message, reader: Reader) -> Delivered:
        self._console.show_in(conversation, message, reader)
        return Delivered(conversation, "1")

    def update(self, workspace: str, conversation: str, ts: str, message: Message, reader: Reader) -> None:
        self._console.show_in(conversation, message, reader)


class Console:
    def __init__(self, core: Core, name: str, out: TextIO = sys.stdout, files: Path | None = None):
        self.core = core
        self.files = files  # where files sent to console people are saved (none: only named)
        self.name = name
        self.out = out
        self.deliver: Callable[[Iterable[int]], object] = lambda ids: None
        # Every button each person was shown, in order: `!N` is the Nth. Numbers are never reused, so pressing
        # `!1` twice presses the same button twice (its second press is refused as already done), never a
        # different step that happened to be numbered 1 in the next message.
        self._buttons: dict[str, list[tuple[str, str]]] = {}

    @property
    def person(self) -> Person:
        return Person("console", WORKSPACE, self.name, conversation=ROOM)

    def show(self, user: str, message: Message, reader: Reader) -> None:
        text = render_text(message, reader, self._buttons.setdefault(user, []))
        for part in message.parts:
            if isinstance(part, Attachment) and self.files is not None:
                self.files.mkdir(parents=True, exist_ok=True)
                saved = self.files / f"{user}-{Path(part.name).name}"
                saved.write_bytes(part.data)
                text += "\n  " + reader.render(_("(saved as {path})", path=str(saved)))
        if user != self.name:
            text = "\n".join(f"[to {user}] {line}" for line in text.splitlines())
        print(text, file=self.out, flush=True)

    def show_together(self, users: tuple[str, ...], message: Message, reader: Reader) -> None:
        """A message to a conversation of several people (an introduction); its buttons are nobody's here."""
        text = render_text(message, reader, [])
        print("\n".join(f"[to {', '.join(users)}] {line}" for line in text.splitlines()), file=self.out, flush=True)

    def show_in(self, room: str, message: Message, reader: Reader) -> None:
        """A message for everyone in a room; its buttons are the current person's to press."""
        text = render_text(message, reader, self._buttons.setdefault(self.name, []))
        where = reader.render(_("[in the room]"))
        print("\n".join(f"{where} {line}" for line in text.splitlines()), file=self.out, flush=True)

    def say(self, message: Message | None, reader: Reader | None = None) -> None:
        if message is not None:
            self.show(self.name, message, reader or default_reader(self.core))

    def _greet(self, message: Message) -> None:
        """A console line to the current person, in their language."""
        outcome = attempt(self.core, self.person, lambda who: Result(reply=message))
        self.say(outcome.reply, outcome.reader)

    def handle(self, line: str) -> bool:
        """One line typed by the current person; False when the console should stop."""
        text = line.strip()
        word, _space, rest = text.partition(" ")
        command = word.lower() if text.startswith("/") else ""
        if command in ("/quit", "/exit"):
            return False
        if command == "/as":
            if not rest.strip():
                self._greet(Message.text(_("Type /as followed by a name, for example /as amina.")))
                return True
            self.name = rest.strip()
            self._greet(Message.text(_("You are now {name}.", name=self.name)))
            self._resume()
            return True
        core = self.core
        if command == "/time":
            self._greet(self._move_clock(rest.strip()))
            self.deliver([])
            return True
        if command and command not in ("/asp", "/home", "/file"):
            self._greet(Message.text(_("I do not know the console command “{command}”. Type /asp help, /home, "
                                       "/as NAME, /file PATH, /time or /quit.", command=word)))
            return True
        if command == "/file":
            outcome = attempt(core, self.person, lambda who: self._send_file(who, rest.strip()))
        elif command == "/asp":
            outcome = attempt(core, self.person, lambda who: commands.run(core, who, rest))
        elif command == "/home":
            outcome = attempt(core, self.person, lambda who: Result(reply=home(core, who)))
        elif text.startswith("!") and text[1:].isdigit():
            outcome = attempt(core, self.person, lambda who: self._click(who, int(text[1:])))
        else:
            outcome = attempt(core, self.person, lambda who: inbox.direct_message(core, who, text, None))
        self.say(outcome.reply, outcome.reader)
        self.deliver(outcome.outbox)
        if outcome.later is not None:  # a console waits: the slow part runs now, after the answer is shown
            self.deliver(outcome.later())
        return True

    def _move_clock(self, text: str) -> Message:
        """`/time` shows the console's clock; `/time +3d` (or +5h, +30m, -1d) moves it; `/time 2024-06-03 09:00`
        sets it, on the console's timezone. Reminders due by then arrive at once."""
        clock: Any = self.core.clock
        if text and not hasattr(clock, "advance"):
            return Message.text(_("This console's clock cannot be moved."))
        moved = re.fullmatch(r"([+-])\s*(\d{1,4})\s*([dhms])", text.lower())
        if moved:
            sign, amount, unit = moved.groups()
            delta = timedelta(**{{"d": "days", "h": "hours", "m": "minutes", "s": "seconds"}[unit]: int(amount)})
            clock.advance(delta if sign == "+" else -delta)
        elif text:
            try:
                at = datetime.strptime(text, "%Y-%m-%d %H:%M")
            except ValueError:
                return Message.text(_("Type /time +3d (or +5h, +30m, -1d) to move the clock, or /time 2024-06-03 "
                                      "09:00 to set it."))
            clock.set(at.replace(tzinfo=ZoneInfo(self.core.settings.aspbot_timezone)))
        return Message.text(_("The console's clock reads {when}.", when=clock.now()))

    def _resume(self) -> None:
        """A form left unfinished by an earlier console: its question, before anything typed is taken for it."""
        outcome = attempt(self.core, self.person, lambda who: conversations.resume(self.core, who))
        self.say(outcome.reply, outcome.reader)
        self.deliver(outcome.outbox)

    def _send_file(self, who, path_text: str) -> Result:
        """`/file PATH` sends a file from this computer, as a Slack user would drop one into the DM."""
        if not path_text:
            raise Refusal(_("Type /file followed by the path of a file, for example /file statement.pdf."))
        path = Path(path_text).expanduser()
        if not path.is_file():
            raise Refusal(_("There is no file at {path}.", path=path_text))
        stat = path.stat()

        def fetch(_incoming: documents.Incoming) -> bytes:
            try:
                return path.read_bytes()
            except OSError:
                raise documents.Unreadable(path_text) from None

        incoming = documents.Incoming(source=f"{stat.st_ino}:{stat.st_mtime_ns}", name=path.name, size=stat.st_size)
        return documents.shared(self.core, who, lambda: [incoming], fetch, None)

    def _click(self, who, number: int) -> Result:
        buttons = self._buttons.get(self.name, [])
        if not 1 <= number <= len(buttons):
            return Result(reply=Message.text(_("There is no button {number} here.", number=number)))
        action, value = buttons[number - 1]
        return actions.click(self.core, who, action, value)

    def loop(self, stdin: TextIO = sys.stdin) -> None:
        interactive = stdin.isatty()
        self._greet(Message.text(_("aspbot console. You are {name}. Type “hello” to start, /asp help for commands, "
                                "!N to press button N, /as NAME to become someone else, /file PATH to send a file, "
                                "/time +3d to move the clock, /quit to leave.",
                                name=self.name)))
        self._resume()
        while True:
            if interactive:
                self.out.write(f"{self.name}> ")
                self.out.flush()
            line = stdin.readline()
            if not line:
                break
            if not interactive:
                print(f"{self.name}> {line.rstrip()}", file=self.out, flush=True)
            if not self.handle(line):
                break
