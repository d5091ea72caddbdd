"""A process stopped between Slack's answer and marking the row sent: the next try finds the message in the DM
(by the outbox key it carries as metadata) and does not post it again; a message that never landed is posted."""
from __future__ import annotations

from datetime import timedelta

from slack_sdk import WebClient

from bot.app import build_core, build_dispatcher
from bot.i18n import Msg
from bot.replies import Message, encode_message
from bot.services.people import recipient_reader
from bot.services.ports import Person
from bot.settings import Settings
from handlers.slack.sender import SlackSender
from storage.models import Member
from tests.conftest import PINNED
from tests.support.fake_slack import FakeSlack
from tests.support.fakes import FakeDirectory


def test_a_send_cut_off_before_it_was_recorded_is_not_posted_twice(storage, clock):
    with FakeSlack() as fake, storage.uow() as uow:
        kim = uow.members.add(Member(channel="slack", workspace="T1", user_key="UKIM", created_at=PINNED,
                                     profile_checked_at=PINNED, profile_locale="en", timezone="UTC"))
        uow.session.flush()
        landed = uow.outbox.add(kim.id, encode_message(Message.text(Msg("landed before the crash", {}))), PINNED).id
        lost = uow.outbox.add(kim.id, encode_message(Message.text(Msg("never sent", {}))), PINNED).id
        uow.commit()
        sender = SlackSender(WebClient(token="xoxb-t", base_url=fake.base_url))
        core = build_core(Settings(), storage, FakeDirectory(), clock)
        # The first process claims both rows, posts the first and dies before marking anything.
        with storage.uow() as claim:
            rows = claim.outbox.claim(PINNED)
            claim.commit()
        assert [r.id for r in rows] == [landed, lost]
        sender.send(Person("slack", "T1", "UKIM"), Message.text(Msg("landed before the crash", {})),
                    recipient_reader(core, rows[0].recipient), f"outbox:{landed}")
        clock.set(PINNED + timedelta(minutes=6))  # past the lease: the next dispatcher takes both again
        assert build_dispatcher(core, {"slack": sender}).deliver() == 2
        assert [c.params["text"] for c in fake.messages_to("UKIM")] == ["landed before the crash", "never sent"]
        assert len(fake.calls("conversations.history")) == 2  # it looked before each retry
        with storage.uow() as check:
            first, second = check.outbox.get(landed), check.outbox.get(lost)
            assert (first.status, first.conversation, second.status) == ("sent", "DUKIM", "sent")
            assert first.message_ref == fake.messages_to("UKIM")[0].response["ts"]


def test_an_app_that_cannot_read_the_dm_posts_the_message_rather_than_losing_it(storage, clock):
    with FakeSlack() as fake, storage.uow() as uow:
        kim = uow.members.add(Member(channel="slack", workspace="T1", user_key="UKIM", created_at=PINNED,
                                     profile_checked_at=PINNED, profile_locale="en", timezone="UTC"))
        uow.session.flush()
        uow.outbox.add(kim.id, encode_message(Message.text(Msg("cut off before it was sent", {}))), PINNED)
        uow.commit()
        core = build_core(Settings(), storage, FakeDirectory(), clock)
        with storage.uow() as claim:
            claim.outbox.claim(PINNED)  # a process took it, then died
            claim.commit()
        fake.fail_next("conversations.open", error="missing_scope")  # installed before im:write was asked for
        clock.set(PINNED + timedelta(minutes=6))
        sender = SlackSender(WebClient(token="xoxb-t", base_url=fake.base_url))
        assert build_dispatcher(core, {"slack": sender}).deliver() == 1
        assert [c.params["text"] for c in fake.messages_to("UKIM")] == ["cut off before it was sent"]
