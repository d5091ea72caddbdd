"""Two dispatchers over one outbox (the listener's deliver and the ticker, or two replicas): every row is
posted exactly once, on SQLite as on PostgreSQL."""
from __future__ import annotations

import threading

from bot.app import build_core, build_dispatcher
from bot.i18n import Msg
from bot.replies import Message, encode_message
from bot.settings import Settings
from storage.models import Member
from tests.conftest import PINNED
from tests.support.fakes import CountingSender, FakeDirectory

ROWS = 2000


def test_two_dispatchers_racing_over_2000_rows_post_each_once(storage, clock):
    with storage.uow() as uow:
        members = [uow.members.add(Member(channel="slack", workspace="T1", user_key=f"U{i}", created_at=PINNED,
                                          profile_checked_at=PINNED, profile_locale="en", timezone="UTC"))
                   for i in range(10)]
        uow.session.flush()
        for n in range(ROWS):
            uow.outbox.add(members[n % 10].id, encode_message(Message.text(Msg(f"row {n}", {}))), PINNED)
        uow.commit()
    core = build_core(Settings(), storage, FakeDirectory(), clock)
    sender = CountingSender()
    dispatchers = [build_dispatcher(core, {"slack": sender}) for _ in range(2)]
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def drain(dispatcher) -> None:
        try:
            start.wait()
            while dispatcher.deliver():
                pass
        except BaseException as exc:  # the test fails on it below, not in a thread nobody reads
            errors.append(exc)

    threads = [threading.Thread(target=drain, args=(d,)) for d in dispatchers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    # One may finish while the other still holds the last batch: drain what is left, then count.
    while dispatchers[0].deliver():
        pass
    doubled = {text: n for text, n in sender.posts.items() if n > 1}
    assert doubled == {}
    assert len(sender.posts) == ROWS
    with storage.uow() as uow:
        assert uow.outbox.pending_count() == 0
