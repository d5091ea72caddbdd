"""The providers' part of the report to the Assembly: providers engaged in the session's year (interested in a
need, introduced, assisting or done) and how far each pair went."""
from __future__ import annotations

from collections import Counter, defaultdict

from bot.delegations import delegation_label
from bot.features import Figures, Period, Sheet
from bot.features.providers import policy as p
from bot.features.providers import views
from bot.i18n import Msg, _
from bot.services.people import Who
from bot.services.ports import Core

ENGAGED = frozenset({p.INTERESTED, p.INTRODUCED, p.ASSISTING, p.COMPLETED})
SHOWN = (p.NOTIFIED, p.INTERESTED, p.INTRODUCED, p.ASSISTING, p.COMPLETED, p.DECLINED)


def _count(value: int) -> Msg:
    return Msg("{count}", {"count": value})


def figures(core: Core, uow, who: Who, period: Period) -> list[Figures]:
    pairs = [row for row in uow.matches.table() if period.start <= row[6] < period.end and row[4] in SHOWN]
    if not pairs:
        return []
    render = who.reader.render
    by_provider: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for _state, _reference, _title, provider, state, _score, _at in pairs:
        by_provider[provider][state] += 1
    states = Counter(row[4] for row in pairs)
    engaged = {provider for provider, counts in by_provider.items() if ENGAGED & counts.keys()}
    rows = [(_("Providers engaged"), _count(len(engaged))), (_("Providers with a profile"),
                                                            _count(uow.providers.count()))]
    rows += [(views.STATE[s], _count(states[s])) for s in SHOWN if states[s]]
    sheet_rows = [[render(Msg("{provider}", {"provider": delegation_label(code)})),
                   *(counts[s] for s in SHOWN), sum(counts.values())] for code, counts in sorted(by_provider.items())]
    return [Figures(_("Assistance providers"), rows, Sheet(
        render(_("Assistance providers")),
        [render(_("Provider")), *(render(views.STATE[s]) for s in SHOWN), render(_("Total"))], sheet_rows))]
