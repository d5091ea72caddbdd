"""The needs' part of the report to the Assembly: the needs received in the session's year, where they stand now,
by area (the chart's sheet) and by regional group."""
from __future__ import annotations

from collections import Counter, defaultdict

from bot.features import Figures, Period, Sheet
from bot.features.needs import policy
from bot.features.needs.form import AREAS
from bot.features.needs.views import STATUS
from bot.i18n import Msg, _
from bot.regions import REGIONS, region_of
from bot.services.people import Who
from bot.services.ports import Core


def _count(value: int) -> Msg:
    return Msg("{count}", {"count": value})


def figures(core: Core, uow, who: Who, period: Period) -> list[Figures]:
    found = uow.needs.figures(period.start, period.end)
    if not found:
        return []
    render = who.reader.render
    by_status: Counter[str] = Counter()
    by_area: defaultdict[str, Counter[str]] = defaultdict(Counter)
    by_region: defaultdict[str, Counter[str]] = defaultdict(Counter)
    states = set()
    for status, area, code, count in found:
        by_status[status] += count
        by_area[area][status] += count
        by_region[region_of(code) or ""][status] += count
        states.add(code)
    statuses = [s for s in policy.STATUSES if by_status[s]]
    heads = [render(STATUS[s]) for s in statuses]

    def sheet(name: Msg, first: Msg, groups: dict[str, Counter[str]], label) -> tuple[Sheet, list]:
        order = sorted(groups, key=lambda g: (-sum(groups[g].values()), g))
        rows = [[render(label(g)), *(groups[g][s] for s in statuses), sum(groups[g].values())] for g in order]
        shown = [(label(g), _count(sum(groups[g].values()))) for g in order]
        return Sheet(render(name), [render(first), *heads, render(_("Total"))], rows), shown

    area_sheet, area_rows = sheet(_("Needs by area"), _("Area"), by_area,
                                  lambda a: AREAS.get(a, Msg("{code}", {"code": a})))
    region_sheet, region_rows = sheet(_("Needs by regional group"), _("Regional group"), by_region,
                                      lambda g: REGIONS.get(g, _("No regional group")))
    counted = [(_("Needs received"), sum(by_status.values())), (_("States that sent needs"), len(states))]
    counted += [(STATUS[s], by_status[s]) for s in statuses]
    summary = [(label, _count(count)) for label, count in counted]
    summary_sheet = Sheet(render(_("Needs received")), [render(_("Status")), render(_("Needs"))],
                          [[render(label), count] for label, count in counted])
    return [Figures(_("Needs received and where they stand"), summary, summary_sheet),
            Figures(_("Needs by area and status"), area_rows, area_sheet, chart=True),
            Figures(_("Needs by regional group"), region_rows, region_sheet)]
