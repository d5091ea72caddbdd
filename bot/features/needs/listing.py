"""The Secretariat's list of needs: filtered by State, area, status and call, in the reader's words or English,
newest change first, a page at a time."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from bot.delegations import delegation_label, delegation_named
from bot.engine.parsing import fold
from bot.errors import Refusal
from bot.features import Table
from bot.features.needs import policy
from bot.features.needs.form import AREAS
from bot.features.needs.service import FORM
from bot.features.needs.views import STATUS
from bot.i18n import SUPPORTED_LOCALES, Msg, Reader, _
from bot.replies import Actions, Button, Facts, Header, Message, Note
from bot.services.people import Who
from bot.services.ports import Core, Result
from bot.services.tables import answer_cells, answer_headers

PAGE = 20
MORE = "needs:more"
# The filter words, in English or any supported language's own from the catalog (`état=`, `estado=`…).
KEYS = {"state": _("state"), "area": _("area"), "status": _("status"), "call": _("call")}


@dataclass(frozen=True)
class Filters:
    status: str | None = None
    delegation_id: int | None = None
    area: str | None = None
    call_id: int | None = None


def _in_any_language(word: str, msg: Msg) -> bool:
    folded = fold(word)
    return any(folded == fold(Reader(locale).render(msg)) for locale in SUPPORTED_LOCALES)


def _key(word: str) -> str | None:
    folded = fold(word)
    return next((name for name, msg in KEYS.items() if folded == name or _in_any_language(word, msg)), None)


def _status(value: str) -> str | None:
    code = value.strip().lower().replace(" ", "_")
    if code in policy.STATUSES:
        return code
    return next((c for c, msg in STATUS.items() if _in_any_language(value, msg)), None)


def _area(value: str) -> str | None:
    code = value.strip().lower()
    if code in AREAS:
        return code
    folded = fold(value)
    found = [c for c, msg in AREAS.items() if any(folded in fold(Reader(locale).render(msg))
                                                  for locale in SUPPORTED_LOCALES)]
    return found[0] if len(found) == 1 else None


def _pairs(args: str) -> list[tuple[str, str]]:
    """`state=côte d'ivoire area=forensics` → [("state", "côte d'ivoire"), ("area", "forensics")]; a first
    word without `=` is a status, as `/asp needs shared` always was."""
    pairs: list[tuple[str, str]] = []
    for token in args.split():
        if "=" in token:
            key, _sep, value = token.partition("=")
            pairs.append((key, value))
        elif pairs:
            pairs[-1] = (pairs[-1][0], f"{pairs[-1][1]} {token}")
        else:
            pairs.append(("status", token))
    return pairs


def parse(uow, args: str, reader: Reader) -> Filters:
    found: dict = {}
    for key, value in _pairs(args):
        name = _key(key)
        if name is None:
            raise Refusal(_("I do not know the filter “{key}”. Use state=, area=, status= or call=, for example "
                            "/asp needs state=uganda status=shared.", key=key))
        if name == "status":
            found["status"] = _status(value)
            if found["status"] is None:
                raise Refusal(_("“{status}” is not a status. Use one of: {statuses}.", status=value,
                                statuses=", ".join(policy.STATUSES)))
        elif name == "area":
            found["area"] = _area(value)
            if found["area"] is None:
                raise Refusal(_("“{area}” is not one area. Use one of: {areas}.", area=value,
                                areas=", ".join(AREAS)))
        elif name == "state":
            code = delegation_named(value, reader)
            delegation = uow.delegations.by_code(code) if code else None
            if delegation is None:
                raise Refusal(_("I do not know the State “{state}”.", state=value))
            found["delegation_id"] = delegation.id
        else:
            call = uow.calls.by_code(value.strip().upper())
            if call is None:
                raise Refusal(_("There is no call for input with the code {code}.", code=value.strip()))
            found["call_id"] = call.id
    return Filters(**found)


def listing(core: Core, who: Who, args: str = "") -> Result:
    """`/asp needs [state=…] [area=…] [status=…] [call=…]`: newest change first, twenty at a time."""
    return page(core, who, args, 0)


def more(core: Core, who: Who, value: str) -> Result:
    offset, _sep, args = value.partition("|")
    return page(core, who, args, int(offset) if offset.isdigit() else 0)


def page(core: Core, who: Who, args: str, offset: int) -> Result:
    if not who.secretariat:
        raise Refusal(_("Only the Secretariat can use /asp {verb}.", verb="needs"))
    with core.uow() as uow:
        f = parse(uow, args, who.reader)
        needs = uow.needs.listing(f.status, PAGE + 1, delegation_id=f.delegation_id, area=f.area, call_id=f.call_id,
                                  offset=offset)
        rows = []
        for need in needs[:PAGE]:
            version = uow.needs.current(need)
            rows.append((Msg("{reference}", {"reference": need.reference}),
                         _("{delegation}: “{title}” ({status})",
                           delegation=delegation_label(uow.delegations.get(need.delegation_id).code),
                           title=version.answers["title"], status=STATUS[need.status])))
    if not rows:
        return Result(reply=Message.text(_("No need matches.")))
    parts: list = [Header(_("Needs")), Facts(tuple(rows))]
    if len(needs) > PAGE:
        parts.append(Actions((Button(_("More"), MORE, f"{offset + PAGE}|{args.strip()}"),)))
    parts.append(Note(_("Open one with /asp need REFERENCE.")))
    return Result(reply=Message.of(*parts))


def standing(core: Core, uow, who: Who) -> list:
    """The Secretariat's `/asp status` groups: needs by status and by area, the review queue a click away."""
    by_status: Counter[str] = Counter()
    by_area: Counter[str] = Counter()
    for (status, area), count in uow.needs.counts().items():
        by_status[status] += count
        if status != policy.WITHDRAWN:
            by_area[area] += count
    rows = [(_("Waiting for review"), sum(by_status[s] for s in policy.WAITING_FOR_REVIEW))]
    rows += [(STATUS[s], by_status[s]) for s in policy.STATUSES if by_status[s]]
    buttons = [Button(_("New needs"), MORE, f"0|status={policy.SUBMITTED}", "primary")] \
        if by_status[policy.SUBMITTED] else []
    if by_status[policy.UNDER_REVIEW]:
        buttons.append(Button(_("Under review"), MORE, f"0|status={policy.UNDER_REVIEW}"))
    if by_status:
        buttons.append(Button(_("All needs"), MORE, "0|"))
    groups = [(_("Needs"), rows, buttons)]
    if by_area:
        groups.append((_("Needs by area (not withdrawn)"),
                       [(AREAS.get(a, Msg("{code}", {"code": a})), n) for a, n in by_area.most_common(10)], []))
    return groups


EXPORT_MOST = 20_000  # needs in one export: the latest changed


def export(core: Core, who: Who, args: str, reader) -> Table:
    """Every need the filters keep, latest change first: its facts, then its current answers, a column each."""
    if not who.secretariat:
        raise Refusal(_("Only the Secretariat exports tables."))
    form = core.forms[FORM]
    with core.uow() as uow:
        f = parse(uow, args, reader)
        rows = []
        for need in uow.needs.listing(f.status, EXPORT_MOST, delegation_id=f.delegation_id, area=f.area,
                                      call_id=f.call_id):
            version = uow.needs.current(need)
            rows.append([need.reference, reader.param(delegation_label(uow.delegations.get(need.delegation_id).code)),
                         reader.render(AREAS.get(need.area, Msg("{code}", {"code": need.area}))),
                         reader.render(STATUS[need.status]), uow.calls.get(need.call_id).code,
                         need.created_at.replace(tzinfo=None), need.updated_at.replace(tzinfo=None), need.version,
                         *answer_cells(form, version.answers, version.confidential, reader)])
    headers = [reader.render(h) for h in (_("Reference"), _("State"), _("Area"), _("Status"), _("Call"),
                                           _("Registered (UTC)"), _("Last change (UTC)"), _("Version"))]
    return Table("needs", _("Needs"), headers + answer_headers(form, reader), rows)
