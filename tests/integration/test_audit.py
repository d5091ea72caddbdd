"""The audit trail through the core on real databases: filtered by an item, a person or a delegation, paged,
exported, and for the Secretariat only."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.errors import Refusal
from bot.features.needs import policy as needs_policy
from bot.i18n import Reader
from bot.services import actions, commands
from bot.services.people import resolve
from handlers.console import render_text
from tests.integration.conftest import AMINA, SEC, say
from tests.integration.test_needs import fill, platform, start_need, verified  # noqa: F401 (a fixture)

EN = Reader("en", "Europe/Amsterdam")


@pytest.fixture
def trail(platform):  # noqa: F811 (the fixture imported above)
    """Uganda's focal point verified; her need registered and shared by the Secretariat."""
    core, dispatcher, _, _ = platform
    core.clock.set(datetime(2024, 9, 2, 8, tzinfo=UTC))
    verified(platform, AMINA, "uganda")
    start_need(platform, AMINA)
    fill(platform, AMINA)
    say(platform, AMINA, "envoyer")
    core.clock.set(datetime(2024, 9, 3, 8, tzinfo=UTC))
    dispatcher.deliver(actions.click(core, resolve(core, SEC), needs_policy.SHARE, "CP-2024-0001").outbox)
    return platform


def shown(core, text: str, person=SEC) -> list[str]:
    return render_text(commands.run(core, resolve(core, person), text).reply, EN, []).splitlines()


def test_what_happened_to_one_need_newest_first_in_the_readers_clock(trail):
    core, _, _, _ = trail
    assert shown(core, "audit cp-2024-0001") == [
        "== Audit trail: CP-2024-0001 ==",
        "  September 3, 2024, 10:00\u202fAM Central European Summer Time: USEC: need shared with providers (need:CP-2024-0001)",
        "  September 2, 2024, 10:00\u202fAM Central European Summer Time: Amina: need registered (need:CP-2024-0001)",
        "  (Newest first. The whole trail, with what changed: /asp export audit.)"]


def test_what_one_person_did_and_what_concerns_one_delegation(trail):
    core, _, _, _ = trail
    by_amina = shown(core, "audit @amina")
    assert by_amina[0] == "== Audit trail: @amina ==" and all(": Amina: " in line for line in by_amina[1:-1])
    assert by_amina[-2].endswith("Amina: membership requested (membership:1)")
    for typed in ("uganda", "UG"):
        about = shown(core, f"audit {typed}")
        assert about[0] == "== Audit trail: Uganda =="
        assert any("USEC: membership verified (membership:" in line for line in about)
        assert any("USEC: need shared with providers (need:CP-2024-0001)" in line for line in about)


def test_a_long_trail_is_read_a_page_at_a_time(trail):
    core, _, _, _ = trail
    with core.uow() as uow:
        for n in range(25):
            uow.audit.record(datetime(2024, 9, 4, tzinfo=UTC) + timedelta(minutes=n), None, "export",
                             f"export:speakers:COOP-{n}")
        uow.commit()
    first = commands.run(core, resolve(core, SEC), "audit").reply
    lines = render_text(first, EN, []).splitlines()
    assert len(lines) == 1 + 20 + 2 and lines[1].endswith("the bot: table exported (export:speakers:COOP-24)")
    assert lines[-2] == "  [!1] Older"
    (older,) = [b for part in first.parts if hasattr(part, "buttons") for b in part.buttons]
    second = render_text(actions.click(core, resolve(core, SEC), older.action, older.value).reply, EN, []).splitlines()
    assert second[1].endswith("the bot: table exported (export:speakers:COOP-4)")
    assert second[-1] == "  (Newest first. The whole trail, with what changed: /asp export audit.)"


def test_only_the_secretariat_reads_it_and_a_wrong_filter_is_named(trail):
    core, _, _, _ = trail
    with pytest.raises(Refusal) as refused:
        commands.run(core, resolve(core, AMINA), "audit")
    assert Reader("fr").render(refused.value.message) == "Seul le Secrétariat peut utiliser /asp audit."
    with pytest.raises(Refusal) as nobody:
        commands.run(core, resolve(core, SEC), "audit @zed")
    assert EN.render(nobody.value.message) == "I know nobody called @zed."
    with pytest.raises(Refusal) as unknown:
        commands.run(core, resolve(core, SEC), "audit atlantis")
    assert EN.render(unknown.value.message).startswith("“atlantis” is neither a reference (CP-2024-0001)")
    assert shown(core, "audit CP-2030-0001") == ["Nothing recorded about CP-2030-0001."]


def test_the_trail_exported_with_what_changed(trail, tmp_path):
    core, dispatcher, sender, _ = trail
    from openpyxl import load_workbook

    from bot.replies import Attachment
    result = commands.run(core, resolve(core, SEC), "export audit CP-2024-0001")
    dispatcher.deliver(result.later())
    (files,) = [s.message for s in sender.sent if s.to == "USEC" and any(isinstance(p, Attachment)
                                                                        for p in s.message.parts)]
    data = {p.name: p.data for p in files.parts if isinstance(p, Attachment)}
    (tmp_path / "a.xlsx").write_bytes(data["audit.xlsx"])
    rows = [tuple(r) for r in load_workbook(tmp_path / "a.xlsx").active.iter_rows(values_only=True)]
    assert rows[0] == ("When (UTC)", "Who", "Action", "Item", "Before", "After")
    assert rows[1][:4] == ("2024-09-03 08:00:00", "USEC", "need shared with providers", "need:CP-2024-0001")
    assert rows[1][4:] == ('{"status": "submitted"}', '{"status": "shared"}')
