"""What a call's announcement and reminders say, and their buttons (start or resume, snooze, stop)."""
from __future__ import annotations

from bot.delegations import delegation_label
from bot.demo_data import TITLES
from bot.features.campaigns.policy import FINAL, Deadline
from bot.features.needs.views import START
from bot.features.reports.service import START as REPORT
from bot.i18n import Msg, Zoned, _
from bot.replies import Actions, Button, Facts, Header, Message, Note, Text

SNOOZE, MUTE, UNMUTE = "campaign:snooze", "campaign:mute", "campaign:unmute"


def title(call) -> Msg | str:
    return TITLES.get(call.code, call.title)


def _deadline_rows(call, shown: list[Deadline], reader_tz: str) -> tuple:
    """Each deadline on the reader's clock (rendered with their zone) and, when it is another clock, the venue's."""
    rows: list[tuple] = []
    for deadline in shown:
        label = _("Final deadline") if deadline.kind == FINAL else _("Preliminary answers")
        rows.append((label, deadline.at))
        if reader_tz != call.timezone:
            rows.append((_("At the venue"), Zoned(deadline.at, call.timezone)))
    return tuple(rows)


def _start(call, draft: bool) -> Button:
    """Starts, or resumes, the form the call asks for."""
    if call.form == "report":
        return Button(_("Resume the draft") if draft else _("Answer the questionnaire"), REPORT, "report",
                      "primary")
    return Button(_("Resume the draft") if draft else _("Register a need"), START, "need", "primary")


def announcement(call, delegation_code: str, deadlines: list[Deadline], reader_tz: str,
                 draft: bool) -> Message:
    return Message.of(
        Header(_("New call for input: {call}", call=title(call))),
        Text(_("The Secretariat has opened the call for input “{call}”. As a focal point of {delegation}, you can "
               "answer it here, in this conversation: a draft is kept at every step.", call=title(call),
               delegation=delegation_label(delegation_code))),
        Facts(_deadline_rows(call, deadlines, reader_tz)),
        Actions((_start(call, draft),)),
        Note(_("I will remind you before each deadline, at 9:00 your time, until your delegation has answered.")))


def reminder(call, delegation_code: str, deadline: Deadline, reader_tz: str, draft: bool) -> Message:
    label, name = delegation_label(delegation_code), title(call)
    if deadline.kind == FINAL:
        header = _("Reminder: “{call}” closes soon", call=name)
        text = (_("{delegation} has a draft answer to “{call}” that is not submitted yet: resume it and submit it "
                  "before the deadline.", delegation=label, call=name) if draft else
                _("{delegation} has not answered the call for input “{call}” yet. You can start now; a draft is "
                  "kept at every step.", delegation=label, call=name))
    else:
        header = _("Reminder: preliminary answers to “{call}”", call=name)
        text = (_("{delegation} has a draft answer to “{call}”: resume it and submit it before the preliminary "
                  "deadline.", delegation=label, call=name) if draft else
                _("{delegation} has not begun its preliminary answers to “{call}” yet. You can start now; a draft "
                  "is kept at every step.", delegation=label, call=name))
    return Message.of(
        Header(header), Text(text), Facts(_deadline_rows(call, [deadline], reader_tz)),
        Actions((_start(call, draft), Button(_("Remind me tomorrow"), SNOOZE, f"{call.code}|1|{deadline.kind}"),
                 Button(_("In 3 days"), SNOOZE, f"{call.code}|3|{deadline.kind}"),
                 Button(_("Stop these reminders"), MUTE, call.code))),
        Note(_("You get this as a focal point of {delegation}. Reminders stop once it has answered.",
               delegation=label)))
