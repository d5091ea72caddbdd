"""The documents' 2024 call runs its whole course on two replicas over one database, in the six languages:
announced when it opens, reminded at 09:00 on each focal point's own clock before 10 June and 1 October,
stopped for a delegation that submits, reworded for one with a draft; each message once."""
from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.app import build_core, build_dispatcher
from bot.clock import FixedClock
from bot.demo_data import calls
from bot.replies import Header
from bot.services import commands
from bot.services.people import resolve
from bot.services.ports import Person, Profile
from bot.settings import Settings
from scheduler.jobs import tick
from storage.models import CallForInput
from tests.integration.conftest import say
from tests.integration.test_needs import ANSWERS, submitted, verified


@dataclass(frozen=True)
class FocalPoint:
    person: Person
    state: str
    locale: str
    zone: str
    announced: str  # the announcement's first words in their language
    reminded: str  # a reminder's


PEOPLE = (
    FocalPoint(Person("slack", "T1", "UKIP"), "kenya", "en-GB", "Africa/Nairobi", "== New call for input", "== Reminder"),
    FocalPoint(Person("slack", "T1", "UAMINA"), "uganda", "fr-FR", "Africa/Kampala", "== Nouvel appel", "== Rappel"),
    FocalPoint(Person("slack", "T1", "USOFIA"), "argentina", "es-AR", "America/Argentina/Buenos_Aires",
               "== Nueva convocatoria", "== Recordatorio"),
    FocalPoint(Person("slack", "T1", "ULAYLA"), "jordan", "ar", "Asia/Amman", "== دعوة جديدة", "== تذكير"),
    FocalPoint(Person("slack", "T1", "UBAT"), "mongolia", "zh-CN", "Asia/Ulaanbaatar", "== 新的意见征集", "== 提醒"),
    FocalPoint(Person("slack", "T1", "UFARRUKH"), "tajikistan", "ru-RU", "Asia/Dushanbe", "== Новый запрос",
               "== Напоминание"),
)
EAST = ["2024-06-04 09:00", "2024-06-10 09:00", "2024-09-25 09:00", "2024-10-01 09:00"]  # deadlines fall on the 11th, 2nd
EXPECTED = {  # (local time, what) per person; the 2024 call's deadlines are 10 June and 1 October, 23:59 in The Hague
    "UKIP": [("2024-04-22 08:00", "announced"), ("2024-06-04 09:00", "reminded")],  # submits on 5 June
    "UAMINA": [("2024-04-22 08:00", "announced"), *((at, "reminded") for at in EAST)],
    # Buenos Aires is behind The Hague: the day itself comes before the deadline; a draft from 5 June meets the
    # preliminary one, and the final reminders tell her to resume it.
    "USOFIA": [("2024-04-21 19:00", "announced"), ("2024-06-03 09:00", "reminded"), ("2024-09-24 09:00", "draft"),
               ("2024-09-30 09:00", "draft"), ("2024-10-01 09:00", "draft")],
    "ULAYLA": [("2024-04-22 08:00", "announced"), *((at, "reminded") for at in EAST)],
    "UBAT": [("2024-04-22 08:00", "announced"), *((at, "reminded") for at in EAST)],
    "UFARRUKH": [("2024-04-22 08:00", "announced"), *((at, "reminded") for at in EAST)],
}


class Recorder:
    """The fake Slack of both replicas: what reached whom, at which time of the replicas' clock."""

    def __init__(self, clock: FixedClock):
        from tests.support.fakes import RecordingSender
        self.inner, self.clock, self.at = RecordingSender(), clock, []
        self._lock = threading.Lock()

    @property
    def sent(self):
        return self.inner.sent

    def send(self, recipient, message, reader, key):
        with self._lock:
            self.at.append(self.clock.now())
            return self.inner.send(recipient, message, reader, key)

    def landed(self, recipient, key, since):
        return self.inner.landed(recipient, key, since)

    def to(self, user):
        return self.inner.to(user)


def hours(start: datetime, end: datetime):
    while start <= end:
        yield start
        start += timedelta(hours=1)


def test_the_2024_call_runs_its_course_on_two_replicas_in_six_languages(seeded, database_url):
    clocks = [FixedClock(datetime(2024, 4, 2, 9, tzinfo=UTC)) for _ in range(2)]
    from tests.support.fakes import FakeDirectory
    directory = FakeDirectory({p.person.user: Profile(p.person.user.title(), p.locale, p.zone) for p in PEOPLE})
    sender = Recorder(clocks[0])
    cores = [build_core(Settings(database_url=database_url), seeded, directory, clock) for clock in clocks]
    dispatchers = [build_dispatcher(core, {"slack": sender}) for core in cores]
    world = (cores[0], dispatchers[0], sender, directory)
    with seeded.uow() as uow:
        uow.calls.add(CallForInput(**calls(date(2024, 4, 2))[0]))
        uow.commit()
    for p in PEOPLE:
        verified(world, p.person, p.state)
    ticks = [tick(core, core.features.jobs, dispatcher.deliver) for core, dispatcher in zip(cores, dispatchers,
                                                                                             strict=True)]
    sender.sent.clear()
    sender.at.clear()
    errors: list[BaseException] = []

    def replicas(at: datetime) -> None:
        """Both replicas tick at once, as two `aspbot serve` processes would."""
        for clock in clocks:
            clock.set(at)

        def run(one) -> None:
            try:
                one()
            except BaseException as exc:  # the test fails on it below
                errors.append(exc)
        threads = [threading.Thread(target=run, args=(one,)) for one in ticks]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    for at in hours(datetime(2024, 4, 21, 18, tzinfo=UTC), datetime(2024, 4, 22, 12, tzinfo=UTC)):
        replicas(at)
    for at in hours(datetime(2024, 6, 2, 0, tzinfo=UTC), datetime(2024, 6, 5, 11, tzinfo=UTC)):
        replicas(at)
    # 5 June, noon UTC: Kenya submits its need; Argentina begins one and leaves it as a draft.
    for clock in clocks:
        clock.set(datetime(2024, 6, 5, 12, tzinfo=UTC))
    kenya, argentina = PEOPLE[0].person, PEOPLE[2].person
    submitted(world, kenya)
    dispatchers[0].deliver(commands.run(cores[0], resolve(cores[0], argentina), "need").outbox)
    say(world, argentina, ANSWERS[0])
    for at in [*hours(datetime(2024, 6, 5, 13, tzinfo=UTC), datetime(2024, 6, 11, 23, tzinfo=UTC)),
               *hours(datetime(2024, 9, 23, 0, tzinfo=UTC), datetime(2024, 10, 2, 23, tzinfo=UTC))]:
        replicas(at)
    assert errors == []

    kinds = {"New call for input: {call}": "announced", "Reminder: preliminary answers to “{call}”": "reminded",
             "Reminder: “{call}” closes soon": "reminded"}
    received: dict[str, list[tuple[str, str]]] = {p.person.user: [] for p in PEOPLE}
    for sent, at in zip(sender.sent, sender.at, strict=True):
        header = sent.message.parts[0]
        what = kinds.get(header.msg.id) if isinstance(header, Header) else None
        if what is None:
            continue  # the replies to Kenya's submission and Argentina's draft
        person = next(p for p in PEOPLE if p.person.user == sent.to)
        assert sent.text.startswith(person.announced if what == "announced" else person.reminded), sent.text
        if what == "reminded" and "has a draft answer" in sent.message.parts[1].msg.id:
            what = "draft"
        local = at.astimezone(ZoneInfo(person.zone)).strftime("%Y-%m-%d %H:%M")
        received[sent.to].append((local, what))
    assert received == EXPECTED
