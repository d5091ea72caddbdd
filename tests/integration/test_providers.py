"""Providers through the core on real databases: a profile, a need shared, exactly the providers that fit told
with the public answers only, their answers, a question that goes to the Secretariat alone, an un-shared need."""
from __future__ import annotations

import json

import pytest

from bot.errors import Refusal
from bot.features.needs import policy as needs_policy
from bot.i18n import Reader
from bot.services import actions, commands
from bot.services.people import resolve
from bot.services.ports import Person, Profile
from handlers.console import render_text
from handlers.slack.render import Renderer
from tests.integration.conftest import AMINA, SEC, say
from tests.integration.test_needs import fill, platform, start_need, verified  # noqa: F401 (a fixture)

IDLO = Person("slack", "T1", "UIDLO")  # an intergovernmental provider, reading English
FRANCE = Person("slack", "T1", "UFR")  # France as a provider, reading French
CICC = Person("slack", "T1", "UCICC")  # a civil-society provider of other areas

SECRET = "We need a DNA laboratory for mass graves."  # the need's description, marked confidential


def provider(world, person: Person, kind: str, name: str) -> None:
    """`person` asked to act for `name` as an assistance provider and the Secretariat approved it."""
    from bot.features.onboarding import service as onboarding
    core, dispatcher, _, _ = world
    for text in ("hello", kind, name, "3", "skip", "submit"):
        say(world, person, text)
    with core.uow() as uow:
        request = uow.memberships.pending()[-1].id
    dispatcher.deliver(onboarding.decide(core, resolve(core, SEC), str(request), True).outbox)


def profile(world, person: Person, answers: list[str]) -> list[str]:
    core, dispatcher, sender, _ = world
    dispatcher.deliver(commands.run(core, resolve(core, person), "provider").outbox)
    for text in answers:
        say(world, person, text)
    return sender.to(person.user)


IDLO_PROFILE = ["forensics, investigation", "training, expert advice", "English, French", "African States", "skip",
                "now", "Jane Roe, jane.roe@idlo.int", "at once", "submit"]


@pytest.fixture
def shared(platform):  # noqa: F811 (the fixture imported above)
    """Uganda's forensics need (its description and languages confidential) waiting for the Secretariat; IDLO and France
    offer forensics help, the CICC only legislation."""
    core, dispatcher, sender, directory = platform
    directory.profiles.update({"UIDLO": Profile("Jane", "en-US", "Europe/Rome"),
                               "UFR": Profile("Luc", "fr-FR", "Europe/Paris"),
                               "UCICC": Profile("Ana", "en-US", "America/New_York")})
    verified(platform, AMINA, "uganda")
    provider(platform, IDLO, "3", "IDLO")
    provider(platform, FRANCE, "1", "France")
    provider(platform, CICC, "4", "Coalition for the International Criminal Court")
    profile(platform, IDLO, IDLO_PROFILE)
    profile(platform, FRANCE, ["médecine légale", "formation", "français", "États d’Afrique", "Ouganda", "maintenant",
                               "Luc Martin", "immédiatement", "envoyer"])
    profile(platform, CICC, ["legislation", "expert advice", "English", "anywhere", "skip", "now", "Ana", "at once",
                             "submit"])
    start_need(platform, AMINA)
    fill(platform, AMINA)
    say(platform, AMINA, "Rendre la réponse confidentielle : Description")
    say(platform, AMINA, "Rendre la réponse confidentielle : Langues de travail")  # Arabic, French
    say(platform, AMINA, "envoyer")
    sender.sent.clear()
    return platform


def share(world, reference: str = "CP-2024-0001") -> None:
    core, dispatcher, _, _ = world
    dispatcher.deliver(actions.click(core, resolve(core, SEC), needs_policy.SHARE, reference).outbox)


def test_a_profile_is_kept_and_shown_back_in_the_readers_language(shared):
    core, _, sender, _ = shared
    text = render_text(commands.run(core, resolve(core, FRANCE), "provider").reply, Reader("fr"), [])
    assert text.splitlines() == [
        "== Profil de fournisseur\u00a0: France ==",
        "  Domaines\u00a0: Criminalistique et médecine légale",
        "  Types d’aide\u00a0: Formation",
        "  Langues de travail\u00a0: français",
        "  Régions\u00a0: États d’Afrique",
        "  États en particulier\u00a0: Ouganda",
        "  Disponibilité\u00a0: Dès maintenant",
        "  Personnes à contacter\u00a0: Luc Martin",
        "  Mode de notification\u00a0: Immédiatement, un message par besoin",
        "  [!1] Modifier le profil"]
    with core.uow() as uow:  # the profile's areas are indexed for matching
        assert {uow.delegations.get(o.provider_id).code: (o.languages, o.countries, o.delivery)
                for o in uow.providers.offers_in_area("forensics")} == {
            "FR": ("fr", "UG", "at_once"), "IDLO": ("en,fr", "", "at_once")}
        assert [uow.delegations.get(o.provider_id).code for o in uow.providers.offers_in_area("legislation")] == \
            ["CICC"]


def test_a_shared_need_reaches_exactly_the_providers_that_fit_with_the_public_answers_only(shared):
    core, _, sender, _ = shared
    share(shared)
    told = {s.to for s in sender.sent}
    assert told >= {"UIDLO", "UFR"} and "UCICC" not in told
    (idlo,) = [s for s in sender.sent if s.to == "UIDLO"]
    assert idlo.text.splitlines()[:2] == ["== CP-2024-0001: DNA laboratory <!channel> ==",
                                          "An assistance need of Uganda."]
    # The need's languages are confidential: they neither show nor count, though IDLO works in French.
    assert "Matches on: Forensics, Expert advice, Training, African States, available now." in idlo.text.splitlines()
    assert "Working languages" not in idlo.text and "Arabic" not in idlo.text
    assert idlo.text.splitlines()[-1] == "  [!1] Interested  [!2] Not for us  [!3] Ask the Secretariat"
    (france,) = [s for s in sender.sent if s.to == "UFR"]
    assert "Critères correspondants\u00a0: Criminalistique et médecine légale, Formation, Ouganda, disponible dès " \
           "maintenant." in france.text.splitlines()
    for sent in sender.sent:  # every byte the providers received: text and blocks
        if sent.to in ("UIDLO", "UFR"):
            for secret in (SECRET, "Arabic", "arabe"):
                assert secret not in sent.text
                assert secret not in json.dumps(Renderer(Reader("en")).blocks(sent.message), ensure_ascii=False)


def test_interested_reaches_the_secretariat_once_and_a_second_click_is_refused(shared):
    core, dispatcher, sender, _ = shared
    share(shared)
    result = actions.click(core, resolve(core, IDLO), "match:interested", "CP-2024-0001|IDLO")
    dispatcher.deliver(result.outbox)
    assert render_text(result.replace, Reader("en"), []) == (
        "Thank you. The Secretariat knows that International Development Law Organization is interested in "
        "CP-2024-0001 and will be in touch.")
    alert = sender.to("USEC")[-1]
    assert alert.splitlines() == [
        "International Development Law Organization is interested in CP-2024-0001 “DNA laboratory <!channel>” of "
        "Uganda (Jane).", "  (Their contact people: Jane Roe, jane.roe@idlo.int)", "  [!1] Introduce them"]
    assert not [s for s in sender.sent if s.to == "UAMINA" and "Development" in s.text]  # the State is not told yet
    with pytest.raises(Refusal) as twice:
        actions.click(core, resolve(core, IDLO), "match:interested", "CP-2024-0001|IDLO")
    assert Reader("en").render(twice.value.message) == \
        "Your organisation already answered about CP-2024-0001: interested."
    with core.uow() as uow:
        assert [(e.action, e.after) for e in uow.audit.for_subject("need:CP-2024-0001")][-1] == \
            ("match.interested", {"provider": "IDLO"})


def test_a_providers_question_goes_to_the_secretariat_and_never_to_the_state(shared):
    core, dispatcher, sender, _ = shared
    share(shared)
    before = len(sender.to("UAMINA"))
    result = commands.run(core, resolve(core, IDLO), "matches CP-2024-0001 ask Is an on-site visit possible?")
    dispatcher.deliver(result.outbox)
    assert "asks about CP-2024-0001: Is an on-site visit possible?" in sender.to("USEC")[-1]
    assert len(sender.to("UAMINA")) == before
    with pytest.raises(Refusal) as never_shown:
        commands.run(core, resolve(core, CICC), "matches CP-2024-0001 ask Can we help?")
    assert Reader("en").render(never_shown.value.message) == \
        "No need CP-2024-0001 is shared with your organisation at the moment."


def test_the_secretariat_reads_the_ranked_providers_and_others_may_not(shared):
    core, _, _, _ = shared
    share(shared)
    from handlers.console import render_text
    listed = render_text(commands.run(core, resolve(core, SEC), "matches CP-2024-0001").reply, Reader("en"), [])
    lines = listed.splitlines()
    assert lines[0].startswith("== Providers for CP-2024-0001")
    assert lines[1:] == [
        "  International Development Law Organization: 145 points, notified. Matches on: Forensics, Expert advice, "
        "Training, African States, available now.",
        "  France: 140 points, notified. Matches on: Forensics, Training, Uganda, available now.",
        "  (Best first; a provider is told at 120 points or more.)"]
    with pytest.raises(Refusal):
        commands.run(core, resolve(core, AMINA), "matches CP-2024-0001")


def test_a_need_no_longer_shared_stops_its_pending_messages_and_tells_the_interested(shared):
    core, dispatcher, sender, _ = shared
    share(shared)
    dispatcher.deliver(actions.click(core, resolve(core, IDLO), "match:interested", "CP-2024-0001|IDLO").outbox)
    sender.sent.clear()
    dispatcher.deliver(actions.click(core, resolve(core, SEC), needs_policy.HOLD, "CP-2024-0001").outbox)
    assert [(s.to, s.text) for s in sender.sent if s.to != "UAMINA"] == [
        ("UIDLO", "CP-2024-0001 “DNA laboratory <!channel>” of Uganda, in which you were interested, is no longer "
                  "available.")]
    with pytest.raises(Refusal) as hidden:
        commands.run(core, resolve(core, FRANCE), "matches CP-2024-0001")
    assert Reader("en").render(hidden.value.message) == \
        "No need CP-2024-0001 is shared with your organisation at the moment."
    assert render_text(commands.run(core, resolve(core, FRANCE), "matches").reply, Reader("fr"), []) == \
        "Aucun besoin communiqué ne correspond à votre profil pour le moment."


def test_a_need_shared_while_a_digest_provider_waits_is_told_only_from_nine_on_its_clock(shared):
    core, dispatcher, sender, _ = shared
    from datetime import UTC, datetime, timedelta

    from bot.features.providers import digest
    # IDLO keeps telling at once; France switches to the daily digest.
    dispatcher.deliver(commands.run(core, resolve(core, FRANCE), "provider edit").outbox)
    say(shared, FRANCE, "8")  # Change: Mode de notification
    say(shared, FRANCE, "2")  # Dans un récapitulatif quotidien
    say(shared, FRANCE, "envoyer")
    core.clock.set(datetime(2024, 12, 3, 6, 30, tzinfo=UTC))  # 07:30 in Paris
    sender.sent.clear()
    share(shared)
    assert "UFR" not in {s.to for s in sender.sent}
    assert digest.run(core) == 0  # before 09:00 in Paris
    core.clock.set(datetime(2024, 12, 3, 8, 0, tzinfo=UTC))  # 09:00 in Paris
    assert digest.run(core) == 1
    dispatcher.deliver()
    (told,) = [s.text for s in sender.sent if s.to == "UFR"]
    assert told.splitlines() == [
        "== France\u00a0: 1 besoin communiqué correspond à votre profil ==",
        "CP-2024-0001 «\u00a0DNA laboratory <!channel>\u00a0» de l’Ouganda. Critères correspondants\u00a0: "
        "Criminalistique et médecine légale, Formation, Ouganda, disponible dès maintenant.",
        "  [!1] Ouvrir CP-2024-0001",
        "  (Seules les réponses publiques sont affichées. Ouvrez un besoin pour y répondre.)"]
    opened = render_text(actions.click(core, resolve(core, FRANCE), "match:open", "CP-2024-0001|FR").reply,
                         Reader("fr"), [])
    assert opened.splitlines()[0] == "== CP-2024-0001\u00a0: DNA laboratory <!channel> =="
    assert opened.splitlines()[-1] == "  [!1] Intéressé  [!2] Pas pour nous  [!3] Interroger le Secrétariat"
    assert digest.run(core) == 0  # once a day
    core.clock.set(datetime(2024, 12, 3, 8, 0, tzinfo=UTC) + timedelta(days=1))
    assert digest.run(core) == 0  # nothing new since


def test_a_profile_needs_an_area_and_only_a_verified_provider_keeps_one(shared):
    core, dispatcher, sender, _ = shared
    dispatcher.deliver(commands.run(core, resolve(core, IDLO), "provider edit").outbox)
    say(shared, IDLO, "1")  # Change: Areas
    say(shared, IDLO, "skip")
    assert sender.to("UIDLO")[-2] == "This question needs an answer; it cannot be skipped."
    with pytest.raises(Refusal) as focal_point:
        commands.run(core, resolve(core, AMINA), "provider")
    assert Reader("en").render(focal_point.value.message) == (
        "This is for the verified people of assistance providers. To act for one, type /asp join and choose "
        "“Assistance provider”.")
    for asked in ("matches", "matches CP-2024-0001", "matches CP-2024-0001 ask Who pays?"):
        with pytest.raises(Refusal) as not_a_provider:
            commands.run(core, resolve(core, AMINA), asked)
        assert Reader("en").render(not_a_provider.value.message) == Reader("en").render(focal_point.value.message)
    with pytest.raises(Refusal) as unknown:
        commands.run(core, resolve(core, IDLO), "provider delete")
    assert Reader("en").render(unknown.value.message) == \
        "Use /asp provider to see your profile, or /asp provider edit to change it."


def interested(world, person=IDLO, value="CP-2024-0001|IDLO") -> None:
    core, dispatcher, _, _ = world
    share(world)
    dispatcher.deliver(actions.click(core, resolve(core, person), "match:interested", value).outbox)


def test_the_secretariat_introduces_the_interested_provider_in_one_conversation_of_three(shared):
    core, dispatcher, sender, _ = shared
    interested(shared)
    alert = [s for s in sender.sent if s.to == "USEC"][-1]
    assert alert.text.splitlines()[-1] == "  [!1] Introduce them"
    sender.sent.clear()
    result = actions.click(core, resolve(core, SEC), "match:introduce", "CP-2024-0001|IDLO")
    dispatcher.deliver(result.outbox)
    assert render_text(result.replace, Reader("en"), []).splitlines() == [
        "Introduced: International Development Law Organization and Uganda about CP-2024-0001, in a conversation "
        "with you.", "  [!1] Assistance under way  [!2] Assistance completed"]
    (group,) = [s for s in sender.sent if s.together]
    assert (group.to, group.together) == ("UAMINA", ("UIDLO", "USEC"))  # the State's contact reads it: in French
    assert group.text.splitlines()[0] == "== Mise en relation\u00a0: CP-2024-0001 =="
    assert group.text.splitlines()[1] == (
        "Le Secrétariat (USEC) présente Organisation internationale de droit du développement (Jane) à l’Ouganda "
        "(Amina) au sujet du besoin «\u00a0DNA laboratory <!channel>\u00a0». Voici la partie du besoin qui lui a "
        "été communiquée\u202f; à vous de poursuivre.")
    for secret in (SECRET, "Arabic", "arabe"):  # the provider reads it too: the shared view only
        assert secret not in group.text
    told = [s.text for s in sender.sent if s.to == "UAMINA" and not s.together]
    assert told == ["CP-2024-0001 «\u00a0DNA laboratory <!channel>\u00a0» a été mis en relation avec un fournisseur "
                    "d’assistance. Le Secrétariat vous présentera."]
    with core.uow() as uow:
        need = uow.needs.by_reference("CP-2024-0001")
        assert need.status == "matched"
        (logged,) = [e.after for e in uow.audit.for_subject("need:CP-2024-0001") if e.action == "match.introduced"]
        assert logged == {"provider": "IDLO", "state_contact": "UAMINA", "provider_contact": "UIDLO"}
    mine = render_text(commands.run(core, resolve(core, AMINA), "my").reply, Reader("fr"), []).splitlines()
    assert mine[-2:] == ["== Fournisseurs d’assistance pour vos besoins ==",
                         "  CP-2024-0001\u00a0: Organisation internationale de droit du développement\u00a0: mis en "
                         "relation"]
    provider_side = render_text(commands.run(core, resolve(core, IDLO), "my").reply, Reader("en"), []).splitlines()
    assert provider_side[-6:] == ["== Your provider profile ==",
                                  "  Areas: Forensics, Investigation (crime scene, documentation, analysis)",
                                  "  Needs that fit: 1", "== Shared needs that fit your profile ==",
                                  "  CP-2024-0001: “DNA laboratory <!channel>”: introduced",
                                  "  [!1] Open CP-2024-0001"]
    with pytest.raises(Refusal) as twice:
        actions.click(core, resolve(core, SEC), "match:introduce", "CP-2024-0001|IDLO")
    assert Reader("en").render(twice.value.message) == (
        "International Development Law Organization and CP-2024-0001: introduced; an introduction needs the "
        "provider’s interest.")


def test_only_the_secretariat_introduces_and_not_someone_who_has_left(shared):
    core, dispatcher, sender, directory = shared
    interested(shared)
    for person in (IDLO, AMINA):
        with pytest.raises(Refusal) as not_allowed:
            actions.click(core, resolve(core, person), "match:introduce", "CP-2024-0001|IDLO")
        assert Reader("en").render(not_allowed.value.message) == "Only the Secretariat introduces providers to States."
    directory.profiles["UAMINA"] = Profile("Amina", "fr-FR", "Africa/Kampala", left=True)
    sender.sent.clear()
    with pytest.raises(Refusal) as gone:
        actions.click(core, resolve(core, SEC), "match:introduce", "CP-2024-0001|IDLO")
    assert Reader("en").render(gone.value.message) == \
        "Amina is no longer in the workspace, so I cannot introduce them. Nothing was sent."
    assert sender.sent == []
    with core.uow() as uow:
        need = uow.needs.by_reference("CP-2024-0001")
        assert uow.matches.pair(need.id, uow.delegations.by_code("IDLO").id).state == "interested"
        assert [e.action for e in uow.audit.for_subject("need:CP-2024-0001")][-1] == "match.introduction_refused"


def test_progress_on_the_pair_is_told_to_the_state_and_moves_the_need(shared):
    core, dispatcher, sender, _ = shared
    interested(shared)
    dispatcher.deliver(actions.click(core, resolve(core, SEC), "match:introduce", "CP-2024-0001|IDLO").outbox)
    sender.sent.clear()
    result = actions.click(core, resolve(core, SEC), "match:under-way", "CP-2024-0001|IDLO")
    dispatcher.deliver(result.outbox)
    told = [s.text for s in sender.sent if s.to == "UAMINA"]
    assert told[-1] == ("CP-2024-0001 «\u00a0DNA laboratory <!channel>\u00a0», assistance apportée par Organisation "
                        "internationale de droit du développement\u00a0: assistance en cours.")
    result = actions.click(core, resolve(core, SEC), "match:completed", "CP-2024-0001|IDLO")
    dispatcher.deliver(result.outbox)
    with pytest.raises(Refusal):  # completed: nothing further
        actions.click(core, resolve(core, SEC), "match:under-way", "CP-2024-0001|IDLO")
    with core.uow() as uow:
        assert uow.needs.by_reference("CP-2024-0001").status == "in_progress"
        assert [e.action for e in uow.audit.for_subject("need:CP-2024-0001")][-3:] == \
            ["match.assisting", "need.in_progress", "match.completed"]


def test_the_two_entry_table_in_slack_and_as_xlsx_and_csv_read_back(shared, tmp_path, monkeypatch):
    core, dispatcher, sender, _ = shared
    interested(shared)
    summary = render_text(commands.run(core, resolve(core, SEC), "table").reply, Reader("en"), [])
    assert summary.splitlines()[:4] == [
        "== Providers and recipients ==", "Pairs: 2; recipient States: 1; needs: 1; providers: 2.",
        "  notified: 1", "  interested: 1"]
    with pytest.raises(Refusal):
        commands.run(core, resolve(core, IDLO), "table")
    sender.sent.clear()
    from bot.features.exports import service as exports
    monkeypatch.setattr(exports, "LONG", 1)  # a table "long" at two rows: the answer says the files are coming
    exported = commands.run(core, resolve(core, SEC), "export table")
    assert render_text(exported.reply, Reader("en"), []) == ("I am preparing 2 rows of “Providers and recipients”; "
                                                            "the files will follow in a direct message in a moment.")
    assert exported.outbox == [] and exported.later is not None  # the files are made after the answer
    dispatcher.deliver(exported.later())
    (files,) = [s.message for s in sender.sent if s.to == "USEC"]
    from openpyxl import load_workbook

    from bot.replies import Attachment
    by_name = {p.name: p.data for p in files.parts if isinstance(p, Attachment)}
    assert sorted(by_name) == ["providers-and-recipients.csv", "providers-and-recipients.xlsx"]
    path = tmp_path / "t.xlsx"
    path.write_bytes(by_name["providers-and-recipients.xlsx"])
    book = load_workbook(path)
    listed, matrix = book.worksheets
    assert [tuple(r) for r in listed.iter_rows(values_only=True)] == [
        ("State", "Need", "Title", "Provider", "State of the pair", "Score"),
        ("Uganda", "CP-2024-0001", "DNA laboratory <!channel>", "International Development Law Organization",
         "interested", 145),
        ("Uganda", "CP-2024-0001", "DNA laboratory <!channel>", "France", "notified", 140)]
    assert [tuple(r) for r in matrix.iter_rows(values_only=True)] == [
        ("State", "Need", "Title", "France", "International Development Law Organization"),
        ("Uganda", "CP-2024-0001", "DNA laboratory <!channel>", "notified", "interested")]
    assert by_name["providers-and-recipients.csv"].decode("utf-8-sig").splitlines()[1] == \
        "Uganda,CP-2024-0001,DNA laboratory <!channel>,International Development Law Organization,interested,145"
    from bot.cli import cmd_export
    out = tmp_path / "cli.xlsx"
    assert cmd_export(core.settings, "table", str(out), None) == 0
    assert [tuple(r) for r in load_workbook(out).worksheets[1].iter_rows(values_only=True)] == \
        [tuple(r) for r in matrix.iter_rows(values_only=True)]


def test_a_notification_still_waiting_when_its_need_is_withdrawn_is_never_sent(shared):
    core, dispatcher, sender, _ = shared
    shared_now = actions.click(core, resolve(core, SEC), needs_policy.SHARE, "CP-2024-0001")  # not yet delivered
    with core.uow() as uow:
        waiting = [uow.outbox.get(i) for i in shared_now.outbox]
    assert {r.topic for r in waiting if r.topic} == {"match:CP-2024-0001"}
    dispatcher.deliver(commands.run(core, resolve(core, AMINA), "need CP-2024-0001 withdraw").outbox)
    say(shared, AMINA, "oui")
    sender.sent.clear()
    dispatcher.deliver(shared_now.outbox)
    dispatcher.deliver()
    assert [s.to for s in sender.sent if s.to in ("UIDLO", "UFR", "UCICC")] == []
    with core.uow() as uow:
        assert {uow.outbox.get(r.id).status for r in waiting if r.topic} == {"cancelled"}


def test_a_provider_with_nobody_verified_left_is_not_counted_as_told(shared):
    core, dispatcher, sender, _ = shared
    with core.uow() as uow:  # IDLO's only person is no longer verified
        idlo = uow.delegations.by_code("IDLO")
        for membership in uow.memberships.of_delegation(idlo.id):
            membership.status = "declined"
        uow.commit()
    share(shared)
    assert "UIDLO" not in {s.to for s in sender.sent}
    with core.uow() as uow:
        need = uow.needs.by_reference("CP-2024-0001")
        assert uow.matches.pair(need.id, uow.delegations.by_code("IDLO").id).state == "matched"
        assert uow.matches.pair(need.id, uow.delegations.by_code("FR").id).state == "notified"
