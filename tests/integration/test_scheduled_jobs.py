"""A feature's scheduled jobs run on the scheduler's tick; what they queue reaches people; one failing job
keeps nobody else's messages back."""
from __future__ import annotations

from bot.app import FEATURES, build_core, build_dispatcher
from bot.features import Feature, Job
from bot.i18n import _
from bot.replies import Message
from bot.services.notify import notify
from bot.services.people import resolve
from bot.settings import Settings
from scheduler.jobs import tick
from tests.integration.conftest import AMINA
from tests.support.fakes import FakeDirectory, RecordingSender


def test_jobs_queue_messages_that_the_tick_sends_and_a_failing_job_is_only_logged(seeded, database_url, clock,
                                                                                     caplog):
    ran: list[str] = []

    def broken(core) -> list[int]:
        ran.append("broken")
        raise RuntimeError("the reminders table is gone")

    def remind(core) -> list[int]:
        ran.append("remind")
        if ran.count("remind") > 1:
            return []  # due once
        who = resolve(core, AMINA)
        with core.uow() as uow:
            row = notify(core, uow, who.member_id, Message.text(_("Done.")))
            uow.commit()
        return [row]

    extra = Feature(name="test-jobs", jobs=(Job("broken", broken), Job("remind", remind)))
    sender = RecordingSender()
    core = build_core(Settings(database_url=database_url), seeded, FakeDirectory(), clock,
                      features=(*FEATURES, extra))
    dispatcher = build_dispatcher(core, {"slack": sender})

    run = tick(core, core.features.jobs, dispatcher.deliver)
    run()
    assert ran == ["broken", "remind"]
    assert sender.to("UAMINA") == ["Done."]
    assert "scheduled job broken failed" in caplog.text and "the reminders table is gone" in caplog.text

    run()  # the next tick runs the jobs again and sends nothing twice
    assert ran == ["broken", "remind"] * 2
    assert sender.to("UAMINA") == ["Done."]
