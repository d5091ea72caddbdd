"""The two-entry table of the 2010 Plan of Action: recipients (States and their needs) by providers, each cell the
state of the pair; as a summary in Slack and as a matrix sheet and a list sheet in the export."""
from __future__ import annotations

from collections import Counter

from bot.delegations import delegation_label
from bot.features import Sheet, Table
from bot.features.providers import policy as p
from bot.features.providers import views
from bot.i18n import Msg, _
from bot.policy import require_secretariat
from bot.replies import Button, Facts, Header, Message, Note, Text
from bot.services.people import Who
from bot.services.ports import Core, Result

RECENT = 15  # pairs listed in the Slack summary; the export has them all
OPEN = "table:open"  # the summary above, from the status summary
ENGAGED = (p.NOTIFIED, p.INTERESTED, p.INTRODUCED, p.ASSISTING, p.COMPLETED)  # what the status summary counts


def summary(core: Core, who: Who, args: str = "") -> Result:
    """`/asp table`: how many pairs in each state, how many States and providers, the latest changes."""
    require_secretariat(who.secretariat, _("Only the Secretariat reads the table of providers and recipients."))
    with core.uow() as uow:
        rows = uow.matches.table()
    if not rows:
        return Result(reply=Message.text(_("No need has been matched with a provider yet.")))
    counts = Counter(row[4] for row in rows)
    facts = tuple((views.STATE[state], Msg("{count}", {"count": counts[state]}))
                  for state in p.PAIR_STATES if counts[state])
    latest = sorted(rows, key=lambda r: r[6], reverse=True)[:RECENT]
    return Result(reply=Message.of(
        Header(_("Providers and recipients")),
        Text(_("Pairs: {pairs}; recipient States: {states}; needs: {needs}; providers: {providers}.", pairs=len(rows),
               states=len({r[0] for r in rows}), needs=len({r[1] for r in rows}),
               providers=len({r[3] for r in rows}))),
        Facts(facts),
        Text(_("Latest changes:")),
        Facts(tuple((Msg("{reference}", {"reference": r[1]}),
                     _("{state_name} × {provider}: {state}", state_name=delegation_label(r[0]),
                       provider=delegation_label(r[3]), state=views.STATE[r[4]])) for r in latest)),
        Note(_("The whole table, as a matrix and a list: /asp export table."))))


def standing(core: Core, uow, who: Who) -> list:
    """The `/asp status` group: providers with a profile, and how many pairs reached each step."""
    counts = uow.matches.counts()
    rows = [(_("Providers with a profile"), uow.providers.count())]
    rows += [(views.STATE[state], counts.get(state, 0)) for state in ENGAGED]
    return [(_("Assistance providers"), rows, [Button(_("Two-entry table"), OPEN, "summary")] if counts else [])]


def export(core: Core, who: Who, args: str, reader) -> Table:
    """The export: the list (one row per pair) as the CSV and first sheet, the matrix as the second sheet."""
    require_secretariat(who.secretariat, _("Only the Secretariat reads the table of providers and recipients."))
    with core.uow() as uow:
        rows = uow.matches.table()
    return build(rows, reader)


def build(rows, reader) -> Table:
    """The list (one row per pair) and the matrix (a row per need, a column per provider) in the reader's words."""
    named: dict[str, str] = {}

    def label(code: str) -> str:
        if code not in named:
            named[code] = reader.param(delegation_label(code))
        return named[code]

    state_names = {state: reader.render(msg) for state, msg in views.STATE.items()}
    providers = sorted({r[3] for r in rows}, key=label)
    column = {code: i for i, code in enumerate(providers)}
    listed = [[label(r[0]), r[1], r[2], label(r[3]), state_names[r[4]], r[5]] for r in rows]
    matrix: list[list] = []
    for r in rows:  # ordered by need: a new need starts a new row
        if not matrix or matrix[-1][1] != r[1]:
            matrix.append([label(r[0]), r[1], r[2]] + [""] * len(providers))
        matrix[-1][3 + column[r[3]]] = state_names[r[4]]
    heading = [reader.render(_("State")), reader.render(_("Need")), reader.render(_("Title"))]
    return Table("providers-and-recipients", _("Providers and recipients"),
                 heading + [reader.render(_("Provider")), reader.render(_("State of the pair")),
                            reader.render(_("Score"))], listed,
                 sheets=(Sheet(reader.render(_("Matrix")), heading + [label(code) for code in providers], matrix),))
