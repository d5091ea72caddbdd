"""Onboarding through the core on real databases: conversation, restart, verification, outbox."""
from __future__ import annotations

from datetime import timedelta

import pytest

from bot.app import build_core, build_dispatcher, build_storage
from bot.errors import Refusal
from bot.features.onboarding import service as onboarding
from bot.i18n import Reader
from bot.policy import require_verified
from bot.services.people import resolve
from bot.services.ports import Person, Profile
from bot.settings import Settings
from tests.integration.conftest import AMINA, SEC, say


def test_newcomer_is_onboarded_in_french_and_can_resume_after_a_restart(world, database_url):
    core, dispatcher, sender, directory = world
    say(world, AMINA, "bonjour")
    assert sender.to("UAMINA")[0].startswith("== Bienvenue")
    assert "Quel type de délégation représentez-vous\u202f?" in sender.to("UAMINA")[1]
    say(world, AMINA, "État partie")
    say(world, AMINA, "ouga")
    assert "Ouganda" not in sender.to("UAMINA")[-1]  # the next question, not a choice list
    # The process dies here; a new one on the same database continues the same conversation.
    storage2 = build_storage(Settings(database_url=database_url))
    core2 = build_core(core.settings, storage2, directory, core.clock)
    dispatcher2 = build_dispatcher(core2, {"slack": sender})
    world2 = (core2, dispatcher2, sender, directory)
    say(world2, AMINA, "1")  # focal point
    say(world2, AMINA, "passer")
    review = sender.to("UAMINA")[-1]
    assert "Délégation\u00a0: Ouganda" in review
    say(world2, AMINA, "envoyer")
    assert "Ouganda" in sender.to("UAMINA")[-1] and "Secrétariat" in sender.to("UAMINA")[-1]
    request = sender.to("USEC")[-1]
    assert request.startswith("== Verification request ==")
    assert "UAMINA asks to act for Uganda (State Party) as National focal point." not in request  # name used
    assert "Amina asks to act for Uganda (State Party) as National focal point." in request
    storage2.engine.dispose()


def test_secretariat_approval_is_told_once_and_audited(world):
    core, dispatcher, sender, _ = world
    for text in ("hello", "1", "uganda", "delegate", "skip", "submit"):
        say(world, AMINA, text)
    with core.uow() as uow:
        membership_id = uow.memberships.pending()[0].id
    with pytest.raises(Refusal, match="Only the Secretariat"):
        onboarding.decide(core, resolve(core, AMINA), str(membership_id), True)
    result = onboarding.decide(core, resolve(core, SEC), str(membership_id), True, key="click-1")
    dispatcher.deliver(result.outbox)
    assert onboarding.decide(core, resolve(core, SEC), str(membership_id), True, key="click-1").outbox == []
    again = onboarding.decide(core, resolve(core, SEC), str(membership_id), False)
    assert Reader("en").render(again.reply.parts[0].msg).startswith("This request was already approved by USEC on")
    told = [t for t in sender.to("UAMINA") if "Secrétariat a confirmé" in t]
    assert len(told) == 1 and "Ouganda" in told[0]
    with core.uow() as uow:
        actions = [e.action for e in uow.audit.for_subject(f"membership:{membership_id}")]
    assert actions == ["membership.requested", "membership.approved"]


def test_the_same_event_twice_has_one_effect(world):
    core, dispatcher, sender, _ = world
    say(world, AMINA, "hello", key="slack:event:Ev1")
    count = len(sender.sent)
    assert say(world, AMINA, "hello", key="slack:event:Ev1").outbox == []
    assert len(sender.sent) == count


def test_rate_limited_messages_wait_and_keep_their_order(world):
    core, dispatcher, sender, _ = world
    sender.rate_limit_next = 1
    say(world, AMINA, "hello")  # welcome + first question; the first send is refused with 429
    assert sender.to("UAMINA") == []
    assert dispatcher.deliver() == 0  # not due yet: Retry-After is 30 s on the pinned clock
    core.clock.advance(timedelta(seconds=31))
    assert dispatcher.deliver() == 2
    texts = sender.to("UAMINA")
    assert texts[0].startswith("== Bienvenue") and "Quel type" in texts[1]
    assert dispatcher.deliver() == 0  # nothing doubled


def test_nobody_acts_for_a_delegation_until_approved(world):
    core, dispatcher, sender, _ = world
    with pytest.raises(Refusal) as none:
        require_verified(resolve(core, AMINA).roles, "focal_point")
    assert none.value.message.id == "You do not represent any delegation yet. Type /asp join to register."
    for text in ("hello", "1", "uganda", "focal", "skip", "submit"):
        say(world, AMINA, text)
    with pytest.raises(Refusal) as pending:
        require_verified(resolve(core, AMINA).roles, "focal_point")
    with core.uow() as uow:
        membership_id = uow.memberships.pending()[0].id
    assert pending.value.message.id.startswith("The Secretariat has not yet confirmed")
    onboarding.decide(core, resolve(core, SEC), str(membership_id), True)
    roles = resolve(core, AMINA).roles
    assert [r.role for r in require_verified(roles, "focal_point")] == ["focal_point"]
    with pytest.raises(Refusal):
        require_verified(roles, "provider")


def test_language_comes_from_choice_then_profile_then_default(world, database_url, seeded):
    core, _, _, directory = world
    directory.profiles["UDE"] = Profile("Dieter", "de-DE", None)
    assert resolve(core, AMINA).reader == Reader("fr", "Africa/Kampala")
    # German is not offered yet: the default language, and the deadline clock's timezone.
    assert resolve(core, Person("slack", "T1", "UDE")).reader == Reader("en", "Europe/Amsterdam")
    with core.uow() as uow:
        uow.members.find("slack", "T1", "UAMINA").language = "en"
        uow.commit()
    assert resolve(core, AMINA).reader.locale == "en"
    french_default = build_core(Settings(database_url=database_url, aspbot_default_locale="fr"), seeded,
                                directory, core.clock)
    assert resolve(french_default, Person("slack", "T1", "UDE")).reader == Reader("fr", "Europe/Amsterdam")
