"""The audit trail as the Secretariat reads it: who did what to which item and when, newest first, filtered by an
item's reference, a person or a delegation, a page at a time; and as an export."""
from __future__ import annotations

import json
import re

from bot.delegations import delegation_named
from bot.errors import Refusal
from bot.features import Table
from bot.i18n import Msg, _
from bot.policy import require_secretariat
from bot.replies import Actions, Button, Facts, Header, Message, Note
from bot.services.people import Who, mention_of
from bot.services.ports import Core, Result

PAGE = 20
OLDER = "audit:older"
EXPORT_MOST = 50_000  # rows in one export: the newest
REFERENCE = re.compile(r"[A-Z][A-Z0-9]*-[A-Z0-9-]+")  # CP-2024-0001, POA-2024-0003, COOP-23

# What each recorded action is, named in the reader's words (a label, never part of a sentence); an action not
# listed shows its code.
ACTIONS = {
    "membership.requested": _("membership requested"),
    "membership.approved": _("membership verified"),
    "membership.declined": _("membership declined"),
    "membership.revoked": _("membership ended by the Secretariat"),
    "member.language": _("language chosen"),
    "need.submitted": _("need registered"),
    "need.imported": _("need imported"),
    "need.edited": _("need changed"),
    "need.under_review": _("review started"),
    "need.shared": _("need shared with providers"),
    "need.on_hold": _("need put on hold"),
    "need.matched": _("need marked matched"),
    "need.in_progress": _("need marked as assistance under way"),
    "need.closed": _("need closed"),
    "need.withdrawn": _("need withdrawn"),
    "need.erase_asked": _("erasure of the need asked"),
    "need.erased": _("need erased"),
    "need.erase_refused": _("need kept, not erased"),
    "need.question": _("question to the State"),
    "need.answer": _("answer to the Secretariat"),
    "report.submitted": _("Plan of Action report sent"),
    "call.created": _("call for input set up"),
    "call.closed": _("call for input closed"),
    "call.reopened": _("call for input reopened"),
    "call.nudged": _("reminder to those who had not answered"),
    "plenary.created": _("plenary set up"),
    "plenary.opened": _("speakers list opened"),
    "plenary.closed": _("speakers list closed"),
    "speaker.added": _("speaker added by the Secretariat"),
    "speaker.withdrawn": _("place on a speakers list withdrawn"),
    "speaker.swap_asked": _("exchange of places asked"),
    "speaker.swapped": _("places exchanged"),
    "speaker.swap_declined": _("exchange of places declined"),
    "floor.started": _("countdown started"),
    "floor.heard": _("next speaker called"),
    "floor.stopped": _("countdown ended"),
    "provider.profile": _("provider profile saved"),
    "match.interested": _("provider interested"),
    "match.declined": _("need not for the provider"),
    "match.question": _("provider’s question to the Secretariat"),
    "match.introduced": _("provider introduced to the State"),
    "match.introduction_refused": _("introduction not possible"),
    "match.assisting": _("assistance under way"),
    "match.completed": _("assistance completed"),
    "export": _("table exported"),
    "refused": _("request refused"),
}


def action_name(action: str) -> Msg:
    return ACTIONS.get(action) or Msg("{action}", {"action": action})


def _delegation(uow, word: str, reader):
    """A delegation named by its code or its name in the reader's words (Uganda, Ouganda, UG)."""
    code = delegation_named(word, reader)
    return uow.delegations.by_code(code) if code is not None else None


def _filtered(uow, who: Who, words: str, before: int | None, limit: int):
    """(what the filter names, the events) for `/asp audit [REF|@person|delegation]`, newest first."""
    word = words.strip()
    if not word:
        return None, uow.audit.page(limit=limit, before_id=before)
    if word.startswith("@"):
        members = uow.members.named(word[1:])
        if not members:
            raise Refusal(_("I know nobody called {name}.", name=word))
        return Msg("{name}", {"name": word}), uow.audit.page(actors=[m.id for m in members], limit=limit,
                                                             before_id=before)
    delegation = _delegation(uow, word, who.reader)  # first: a name may hold a dash (Guinea-Bissau)
    if delegation is None and REFERENCE.fullmatch(word.upper()):
        reference = word.upper()
        return Msg("{reference}", {"reference": reference}), uow.audit.page(item=reference, limit=limit,
                                                                             before_id=before)
    if delegation is None:
        raise Refusal(_("“{word}” is neither a reference (CP-2024-0001), a person (@name) nor a delegation. Type "
                        "/asp audit, /asp audit REFERENCE, /asp audit @NAME or /asp audit DELEGATION.", word=word))
    return Msg("{delegation}", {"delegation": delegation.name}), uow.audit.page(
        delegation=delegation, limit=limit, before_id=before)


def command(core: Core, who: Who, args: str) -> Result:
    return show(core, who, args, None)


def older(core: Core, who: Who, value: str) -> Result:
    before, _sep, words = value.partition("|")
    return show(core, who, words, int(before) if before.isdigit() else None)


def show(core: Core, who: Who, words: str, before: int | None) -> Result:
    require_secretariat(who.secretariat, _("Only the Secretariat reads the audit trail."))
    with core.uow() as uow:
        named, events = _filtered(uow, who, words, before, PAGE + 1)
        more = len(events) > PAGE
        events = events[:PAGE]
        actors = {e.actor_id: uow.members.get(e.actor_id) for e in events if e.actor_id is not None}
    if not events:
        return Result(reply=Message.text(_("Nothing recorded about {what}.", what=named) if named
                                         else _("Nothing recorded yet.")))
    rows = tuple((Msg("{when}", {"when": e.at}),
                  _("{person}: {action} ({subject})", person=mention_of(actors[e.actor_id]) if e.actor_id in actors
                    else _("the bot"), action=action_name(e.action), subject=e.subject)) for e in events)
    parts: list = [Header(_("Audit trail: {what}", what=named) if named else _("Audit trail")), Facts(rows)]
    if more:
        parts.append(Actions((Button(_("Older"), OLDER, f"{events[-1].id}|{words.strip()}"),)))
    parts.append(Note(_("Newest first. The whole trail, with what changed: /asp export audit.")))
    return Result(reply=Message.of(*parts))


def export(core: Core, who: Who, args: str, reader) -> Table:
    require_secretariat(who.secretariat, _("Only the Secretariat reads the audit trail."))
    with core.uow() as uow:
        named, events = _filtered(uow, who, args, None, EXPORT_MOST)
        actors = {m.id: m for m in (uow.members.get(i) for i in {e.actor_id for e in events if e.actor_id})
                  if m is not None}
    headers = [reader.render(h) for h in (_("When (UTC)"), _("Who"), _("Action"), _("Item"), _("Before"),
                                          _("After"))]
    rows = [[e.at.strftime("%Y-%m-%d %H:%M:%S"),
             (actors[e.actor_id].display_name or actors[e.actor_id].user_key) if e.actor_id in actors else "",
             reader.render(action_name(e.action)), e.subject,
             json.dumps(e.before, ensure_ascii=False) if e.before else "",
             json.dumps(e.after, ensure_ascii=False) if e.after else ""] for e in events]
    return Table("audit", _("Audit trail"), headers, rows)
