"""Block Kit for the core's replies, built with slack_sdk's models so Slack's limits are checked."""
from __future__ import annotations

import re
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    CheckboxesElement,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    Option,
    PlainTextObject,
    RichTextBlock,
    RichTextElementParts,
    RichTextSectionElement,
    SectionBlock,
    StaticMultiSelectElement,
    StaticSelectElement,
)

from bot.i18n import Mention, Msg, OneOf, Reader, _
from bot.replies import Actions, Attachment, Facts, FormOffer, Header, Message, Note, Question, Text
from handlers.slack.payloads import TICK_BLOCK

MAX_TEXT = 3000
MODAL = "form:modal"  # the button that opens the whole form as a modal
MAX_FIELD = 2000
BUTTONS_MAX = 5  # more choices than this become a select menu
CHECKBOXES_MAX = 10  # Slack's limit for a checkbox group; a longer several-choice list is a multi-select


def escape(text: str) -> str:
    """mrkdwn control characters in user text, so `<!channel>` or `<@U…>` never pings anyone."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _mention(m: Mention) -> str:
    # Only IDs that look like Slack's become mentions; anything else is shown as (escaped) text.
    if m.user[:1] in ("U", "W") and m.user.isalnum():
        return f"<@{m.user}>"
    return escape(m.name or m.user)


# Sentinels around a mention while a message is rendered as rich text; never in user text (stripped from it).
_MENTION, _END = "\x02", "\x03"
_PIECES = re.compile(f"({_MENTION}[^{_END}]*{_END})")


def _untrusted(value: Any) -> bool:
    """Whether a message carries text a person typed (a plain str anywhere in its parameters)."""
    if isinstance(value, str):
        return True
    if isinstance(value, Msg):
        return any(_untrusted(v) for v in value.params.values())
    if isinstance(value, OneOf):
        return any(_untrusted(v) for v in value.items)
    if isinstance(value, (list, tuple)):
        return any(_untrusted(v) for v in value)
    return False


def _rich_escape(text: str) -> str:
    return escape(text.replace(_MENTION, "").replace(_END, ""))


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Renderer:
    def __init__(self, reader: Reader):
        self.reader = reader

    def md(self, value) -> str:
        """Any message or value as mrkdwn; untrusted text inside it is escaped."""
        if isinstance(value, Msg):
            return self.reader.render(value, escape, _mention)
        return self.reader.render(Msg("{value}", {"value": value}), escape, _mention)

    def rich(self, value, *, bold: bool = False) -> list:
        """A message as rich-text elements. Text a person typed is shown as typed: `*x*`, `_x_`, `~x~` and
        backticks are not formatting there (mrkdwn has no escape for them), and `&`, `<`, `>` stay escaped."""
        msg = value if isinstance(value, Msg) else Msg("{value}", {"value": value})
        text = self.reader.render(msg, _rich_escape, lambda m: f"{_MENTION}{m.user}{_END}"
                                  if m.user[:1] in ("U", "W") and m.user.isalnum() else _rich_escape(m.name or m.user))
        style = RichTextElementParts.TextStyle(bold=True) if bold else None
        out: list = []
        for piece in _PIECES.split(_cut(text, MAX_TEXT)):
            if piece.startswith(_MENTION):
                out.append(RichTextElementParts.User(user_id=piece[1:-1]))
            elif piece:
                out.append(RichTextElementParts.Text(text=piece, style=style))
        return out

    def _rich_block(self, *lines: list) -> RichTextBlock:
        elements: list = []
        for i, line in enumerate(lines):
            if i:
                elements.append(RichTextElementParts.Text(text="\n"))
            elements += line
        return RichTextBlock(elements=[RichTextSectionElement(elements=elements)])

    def plain(self, value, limit: int = 75) -> str:
        """Plain text (headers, buttons, options, modal labels); user text is escaped here too, so no
        notification, preview or client that reads entities can turn it into a mention."""
        msg = value if isinstance(value, Msg) else Msg("{value}", {"value": value})
        return _cut(self.reader.render(msg, escape), limit)

    def blocks(self, message: Message) -> list[dict]:
        out = []
        for part in message.parts:
            out += self._part(part)
        return [b.to_dict() for b in out][:50]

    def fallback(self, message: Message) -> str:
        for part in message.parts:
            if isinstance(part, (Text, Header)):
                return _cut(self.md(part.msg), MAX_TEXT)
            if isinstance(part, Question):
                return _cut(self.md(part.prompt), MAX_TEXT)
        return "aspbot"

    def _part(self, part) -> list:
        if isinstance(part, Header):
            return [HeaderBlock(text=PlainTextObject(text=self.plain(part.msg, 150)))]
        if isinstance(part, Text):
            if _untrusted(part.msg):
                return [self._rich_block(self.rich(part.msg))]
            return [SectionBlock(text=MarkdownTextObject(text=_cut(self.md(part.msg), MAX_TEXT)))]
        if isinstance(part, Note):
            if _untrusted(part.msg):
                return [self._rich_block(self.rich(part.msg))]
            return [ContextBlock(elements=[MarkdownTextObject(text=_cut(self.md(part.msg), MAX_TEXT))])]
        if isinstance(part, Facts) and any(_untrusted(value) for _label, value in part.rows):
            # Answers people typed: each row its label in bold, then the answer as typed.
            rows = [self.rich(label, bold=True) + [RichTextElementParts.Text(text="\n")] + self.rich(value)
                    for label, value in part.rows]
            return [self._rich_block(*rows[i:i + 20]) for i in range(0, len(rows), 20)]
        if isinstance(part, Facts):
            fields = [MarkdownTextObject(text=_cut(f"*{self.md(label)}*\n{self.md(value)}", MAX_FIELD))
                      for label, value in part.rows]
            return [SectionBlock(fields=fields[i:i + 10]) for i in range(0, len(fields), 10)]
        if isinstance(part, Actions):
            buttons = [ButtonElement(text=self.plain(b.label), action_id=f"{b.action}:{i}", value=b.value,
                                     style=b.style) for i, b in enumerate(part.buttons)]
            return [ActionsBlock(elements=buttons[:25])]
        if isinstance(part, Question):
            return self._question(part)
        if isinstance(part, Attachment):
            return []  # uploaded beside the message by the sender, not a block
        if isinstance(part, FormOffer):
            # Slack can show a whole form at once, as a modal; the console has no such thing and skips the offer.
            return [ActionsBlock(elements=[ButtonElement(text=self.plain(_("Use a form instead")),
                                                         action_id=f"{MODAL}:0", value=part.form)])]
        raise TypeError(type(part))

    def _question(self, q: Question) -> list:
        text = self.md(q.prompt)
        if q.multi and q.choices:  # the ticks themselves show what is selected
            text += "\n" + self.md(_("Tick each that applies, then “Done”."))
        blocks: list = [SectionBlock(text=MarkdownTextObject(text=_cut(text, MAX_TEXT)))]
        if _untrusted(q.prompt):  # "Several options match “{answer}”": what was typed, shown as typed
            blocks = [self._rich_block(self.rich(q.prompt))] + ([] if text == self.md(q.prompt) else [
                SectionBlock(text=MarkdownTextObject(text=_cut(text[len(self.md(q.prompt)) + 1:], MAX_TEXT)))])
        if q.hint is not None and _untrusted(q.hint):
            blocks.append(self._rich_block(self.rich(q.hint)))
        elif q.hint is not None:
            blocks.append(ContextBlock(elements=[MarkdownTextObject(text=_cut(self.md(q.hint), MAX_TEXT))]))
        if not q.choices:
            return blocks
        if q.multi:  # ticks, then the Done button of the Actions below: one message, however many ticks
            options = [Option(text=self.plain(c.label, 75), value=c.value) for c in q.choices[:100]]
            chosen = [o for o in options if o.value in q.selected] or None
            element: Any = CheckboxesElement(action_id="form:tick:0", options=options, initial_options=chosen) \
                if len(options) <= CHECKBOXES_MAX else StaticMultiSelectElement(
                    action_id="form:tick:1", options=options, initial_options=chosen,
                    placeholder=PlainTextObject(text=self.plain(_choose(), 150)))
            blocks.append(ActionsBlock(block_id=f"{TICK_BLOCK}{q.token}", elements=[element]))
        elif len(q.choices) <= BUTTONS_MAX:
            buttons = [ButtonElement(text=self.plain(c.label, 70), action_id=f"form:pick:{i}",
                                     value=f"{q.token}|{c.value}") for i, c in enumerate(q.choices)]
            blocks.append(ActionsBlock(elements=buttons))
        else:
            options = [Option(text=self.plain(c.label, 75), value=f"{q.token}|{c.value}")
                       for c in q.choices[:100]]
            blocks.append(ActionsBlock(elements=[StaticSelectElement(
                placeholder=PlainTextObject(text=self.plain(_choose(), 150)), action_id="form:pick:select",
                options=options)]))
        return blocks


def _choose():
    return _("Choose…")
