"""The timekeeper on the day (`/asp floor start|next|stop PLENARY`): one message in the room showing who has the
floor and the time left, edited as time runs; the speaker after next is told to get ready; the time each speaker
took is recorded for the export."""
from __future__ import annotations

import logging
from datetime import timedelta

from bot.delegations import delegation_label
from bot.errors import Refusal
from bot.features.speakers import floor_views, policy, views
from bot.features.speakers.service import find_plenary
from bot.i18n import Reader, _
from bot.policy import require_secretariat
from bot.replies import Message
from bot.services.notify import notify
from bot.services.people import Who
from bot.services.ports import Core, RateLimited, Result, Undeliverable
from storage.models import Floor, Plenary, Speaker

log = logging.getLogger(__name__)

SHOWN_FOR = timedelta(hours=1)  # an ended countdown's last state is still put on its message this long after
RETRY = timedelta(seconds=5)  # after a failed edit (not a 429, which says how long), the next try


def _unheard(uow, plenary, segment: str) -> list[Speaker]:
    """The segment's registrations not heard yet, in calling order."""
    standing = uow.speakers.of_segment(plenary.id, segment)
    order = policy.ordered(policy.Entry(s.id, s.delegation_id, s.category, s.received_at) for s in standing)
    by_id = {s.id: s for s in standing}
    return [by_id[e.id] for e in order if by_id[e.id].heard_at is None]


def _code(uow, speaker: Speaker) -> str:
    return uow.delegations.get(speaker.delegation_id).code


def _tell_on_deck(core: Core, uow, plenary, floor: Floor, waiting: list[Speaker]) -> None:
    """The one after the speaker now at the floor hears it (through whoever registered them), once per
    countdown (a countdown started again tells them again)."""
    if len(waiting) < 2:
        return
    current, following = waiting[0], waiting[1]
    notify(core, uow, following.registered_by_id,
           floor_views.on_deck(plenary, floor.segment, following, _code(uow, following), _code(uow, current)),
           dedupe_key=f"floor:deck:{floor.id}:{following.id}")


def start(core: Core, who: Who, code: str, segment_code: str | None) -> Result:
    now = core.clock.now()
    with core.uow() as uow:
        plenary = find_plenary(uow, code)
        if segment_code is not None and views.segment_of(plenary, segment_code.upper()) is None:
            raise Refusal(_("“{plenary}” has no segment {segment}.", plenary=views.plenary_title(plenary),
                            segment=segment_code))
        running = uow.floors.live(plenary.code)
        if running is not None:
            raise Refusal(_("The countdown of “{plenary}” is already running (segment {segment}). Type /asp floor "
                            "next {code} or /asp floor stop {code}.", plenary=views.plenary_title(plenary),
                            segment=running.segment, code=plenary.code))
        segments = [segment_code.upper()] if segment_code else [s["code"] for s in plenary.segments]
        segment, waiting = next(((s, w) for s in segments if (w := _unheard(uow, plenary, s))), (segments[0], []))
        if not waiting:
            raise Refusal(_("Nobody is left to hear on the list of segment {segment} of “{plenary}”.",
                            segment=segment, plenary=views.plenary_title(plenary)))
        floor = uow.floors.add(Floor(
            plenary_id=plenary.id, segment=segment, live=plenary.code, channel=who.person.channel,
            workspace=who.person.workspace, conversation=who.person.conversation or who.person.user,
            locale=who.reader.locale, timezone=who.reader.zone.key, started_by_id=who.member_id,
            speaker_id=waiting[0].id, speaking_since=now, started_at=now))
        if floor is None:  # a colleague's start landed a moment earlier
            raise Refusal(_("The countdown of “{plenary}” is already running. Type /asp floor next {code} or "
                            "/asp floor stop {code}.", plenary=views.plenary_title(plenary), code=plenary.code))
        _tell_on_deck(core, uow, plenary, floor, waiting)
        first = _code(uow, waiting[0])
        uow.audit.record(now, who.member_id, "floor.started", f"plenary:{plenary.code}:{segment}", None,
                         {"first": first})
        uow.commit()
    return Result(reply=Message.text(_("The countdown of segment {segment} starts here: {delegation} has the floor.",
                                       segment=segment, delegation=delegation_label(first))),
                  outbox=list(uow.outbox_ids))


def _live(uow, plenary) -> Floor:
    floor = uow.floors.live(plenary.code, for_update=True)
    if floor is None:
        raise Refusal(_("No countdown is running for “{plenary}”. Type /asp floor start {code} to begin.",
                        plenary=views.plenary_title(plenary), code=plenary.code))
    return floor


def _heard(uow, floor: Floor, now) -> Speaker:
    """The speaker at the floor is done: their time is kept."""
    speaker = uow.session.get(Speaker, floor.speaker_id)
    speaker.heard_at = now
    speaker.spoke_seconds = round((now - floor.speaking_since).total_seconds())
    return speaker


def _end(floor: Floor, now) -> None:
    floor.live, floor.speaker_id, floor.speaking_since, floor.ended_at = None, None, None, now


def advance(core: Core, who: Who, code: str, expected: int | None = None) -> Result:
    """`next`: the time of the one who spoke is recorded; the next on the list has the floor."""
    now = core.clock.now()
    with core.uow() as uow:
        plenary = find_plenary(uow, code)
        floor = _live(uow, plenary)
        if expected is not None and floor.speaker_id != expected:  # a second click on the same card
            raise Refusal(_("That speaker has already been moved on from; the countdown shows who has the floor."))
        done = _heard(uow, floor, now)
        waiting = _unheard(uow, plenary, floor.segment)
        if waiting:
            floor.speaker_id, floor.speaking_since = waiting[0].id, now
            _tell_on_deck(core, uow, plenary, floor, waiting)
            reply = _("{delegation} has the floor.", delegation=delegation_label(_code(uow, waiting[0])))
        else:
            _end(floor, now)
            reply = _("That was the last speaker of segment {segment}; the countdown has ended.",
                      segment=floor.segment)
        uow.audit.record(now, who.member_id, "floor.heard", f"plenary:{plenary.code}:{floor.segment}", None,
                         {"delegation": _code(uow, done), "seconds": done.spoke_seconds})
        uow.commit()
    return Result(reply=Message.text(reply), outbox=list(uow.outbox_ids))


def stop(core: Core, who: Who, code: str) -> Result:
    now = core.clock.now()
    with core.uow() as uow:
        plenary = find_plenary(uow, code)
        floor = _live(uow, plenary)
        done = _heard(uow, floor, now)
        _end(floor, now)
        uow.audit.record(now, who.member_id, "floor.stopped", f"plenary:{plenary.code}:{floor.segment}", None,
                         {"delegation": _code(uow, done), "seconds": done.spoke_seconds})
        uow.commit()
    return Result(reply=Message.text(_("The countdown of “{plenary}” has ended.",
                                       plenary=views.plenary_title(plenary))))


def command(core: Core, who: Who, args: str) -> Result:
    require_secretariat(who.secretariat, _("Only the Secretariat keeps the time at the floor."))
    words = args.split()
    verb = words[0].lower() if words else ""
    if verb == "start" and len(words) in (2, 3):
        return start(core, who, words[1], words[2] if len(words) == 3 else None)
    if verb == "next" and len(words) == 2:
        return advance(core, who, words[1])
    if verb == "stop" and len(words) == 2:
        return stop(core, who, words[1])
    raise Refusal(_("Type /asp floor start {plenary} [{segment}] in the room’s channel, then /asp floor next "
                    "{plenary} as each speaker ends, or /asp floor stop {plenary}.", plenary=_("PLENARY"),
                    segment=_("SEGMENT")))


def next_clicked(core: Core, who: Who, value: str) -> Result:
    require_secretariat(who.secretariat, _("Only the Secretariat keeps the time at the floor."))
    code, _sep, speaker = value.partition("|")
    return advance(core, who, code, int(speaker) if speaker.isdigit() else None)


def stop_clicked(core: Core, who: Who, value: str) -> Result:
    require_secretariat(who.secretariat, _("Only the Secretariat keeps the time at the floor."))
    return stop(core, who, value)


def _shown_now(uow, floor: Floor, plenary, step: str) -> Message:
    """The message for the step the floor is at."""
    heard = [s for s in uow.speakers.of_segment(plenary.id, floor.segment) if s.heard_at is not None]
    if step == "end":
        heard.sort(key=lambda s: s.heard_at)
        return floor_views.ended(plenary, floor.segment, [(_code(uow, s), s.spoke_seconds or 0) for s in heard])
    speaker = uow.session.get(Speaker, floor.speaker_id)
    waiting = _unheard(uow, plenary, floor.segment)
    following = next(((_code(uow, s), s.speaker_name) for s in waiting if s.id != speaker.id), None)
    last = max(heard, key=lambda s: s.heard_at) if heard else None  # the one just heard
    return floor_views.card(plenary, floor.segment, speaker, _code(uow, speaker), len(heard) + 1,
                            len(heard) + len(waiting), int(step.split(":")[1]),
                            following, (_code(uow, last), last.spoke_seconds or 0) if last else None, speaker.id)


def tick(core: Core) -> list[int]:
    """Each countdown whose step changed is shown: posted the first time, edited after; returns outbox rows."""
    now = core.clock.now()
    work = []
    with core.uow() as uow:
        for floor in uow.floors.to_show(now - SHOWN_FOR):
            if floor.not_before is not None and floor.not_before > now:
                continue
            plenary = uow.session.get(Plenary, floor.plenary_id)
            step = policy.step_of(floor.speaker_id if floor.live else None, floor.speaking_since, plenary.max_minutes,
                                  now)
            was = floor.shown  # read before the claim, which updates the loaded row too
            if step == was or not uow.floors.take_step(floor.id, was, step):
                continue  # nothing new to show, or another replica is showing it
            work.append((floor.id, was, step, _shown_now(uow, floor, plenary, step), floor.channel,
                         floor.workspace, floor.conversation, floor.message_ts, Reader(floor.locale, floor.timezone)))
        uow.commit()
    outbox: list[int] = []
    for floor_id, was, step, message, channel, workspace, conversation, ts, reader in work:
        board = core.boards.get(channel)
        try:
            if board is None:
                raise LookupError(f"no board for channel {channel}")
            if ts is None:
                ts = board.post(workspace, conversation, message, reader).message
            else:
                board.update(workspace, conversation, ts, message, reader)
        except RateLimited as exc:  # shown again at the next tick after Slack's wait, from the step it was at
            _retry(core, floor_id, step, was, now + timedelta(seconds=max(exc.retry_after, 1)))
            continue
        except Undeliverable as exc:
            outbox += _cannot_post(core, floor_id, exc.reason)
            continue
        except Exception:
            log.exception("floor %s: showing step %s failed", floor_id, step)
            _retry(core, floor_id, step, was, now + RETRY)
            continue
        with core.uow() as uow:
            floor = uow.session.get(Floor, floor_id)
            floor.message_ts, floor.not_before = ts, None
            uow.commit()
    return outbox


def _retry(core: Core, floor_id: int, step: str, was: str | None, at) -> None:
    with core.uow() as uow:
        if uow.floors.take_step(floor_id, step, was):  # unless a later step was shown meanwhile
            uow.session.get(Floor, floor_id).not_before = at
        uow.commit()


def _cannot_post(core: Core, floor_id: int, reason: str) -> list[int]:
    """The conversation will never take it (the bot is not in the channel): the countdown ends and the timekeeper
    is told how to fix it; the speaker's time so far is not recorded, nobody having seen it run."""
    now = core.clock.now()
    with core.uow() as uow:
        floor = uow.session.get(Floor, floor_id)
        plenary = uow.session.get(Plenary, floor.plenary_id)
        _end(floor, now)
        floor.shown = "end"
        notify(core, uow, floor.started_by_id, floor_views.cannot_post(plenary, reason),
               dedupe_key=f"floor:unposted:{floor.id}")
        uow.commit()
    return list(uow.outbox_ids)
