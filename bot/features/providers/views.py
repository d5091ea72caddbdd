"""How matches read: the pair states, the reasons of a score in the reader's words, the provider's buttons."""
from __future__ import annotations

from bot.features.needs.form import AREAS, HELP_KINDS
from bot.features.providers import policy as p
from bot.features.providers.form import AVAILABILITY
from bot.i18n import Language, Msg, Territory, _
from bot.regions import REGIONS
from bot.replies import Actions, Button

INTERESTED, NOT_FOR_US, ASK, OPEN, EDIT = "match:interested", "match:decline", "match:ask", "match:open", \
    "provider:edit"

STATE = {
    p.MATCHED: _("matched"),
    p.NOTIFIED: _("notified"),
    p.INTERESTED: _("interested"),
    p.INTRODUCED: _("introduced"),
    p.ASSISTING: _("assistance under way"),
    p.COMPLETED: _("completed"),
    p.DECLINED: _("declined"),
    p.GONE: _("no longer available"),
}


def reasons(match_reasons) -> list:
    """What fits, each in the reader's words: the area, the kinds of help, languages, the place, availability."""
    words: list = []
    for kind, code in match_reasons:
        if kind == "area":
            words.append(AREAS.get(code, Msg("{code}", {"code": code})))
        elif kind == "help":
            words.append(HELP_KINDS.get(code, Msg("{code}", {"code": code})))
        elif kind == "language":
            words.append(Language(code))
        elif kind == "country":
            words.append(Territory(code))
        elif kind == "region":
            words.append(REGIONS.get(code, Msg("{code}", {"code": code})))
        elif kind == "available" and code != p.NOT_NOW:
            words.append(_("available now") if code == p.NOW else _("available within months"))
    return words


def explained(match_reasons) -> Msg:
    return _("Matches on: {reasons}.", reasons=reasons(match_reasons))


def availability(code: str) -> Msg:
    return AVAILABILITY.get(code, Msg("{code}", {"code": code}))


def pair_value(reference: str, provider_code: str) -> str:
    return f"{reference}|{provider_code}"


def provider_actions(reference: str, provider_code: str) -> Actions:
    value = pair_value(reference, provider_code)
    return Actions((Button(_("Interested"), INTERESTED, value, "primary"),
                    Button(_("Not for us"), NOT_FOR_US, value),
                    Button(_("Ask the Secretariat"), ASK, value)))
