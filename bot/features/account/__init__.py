"""Everyone's basics: `/asp help`, `/asp lang`, `/asp my` and the Home tab that gathers every feature's items."""
from __future__ import annotations

from bot.features import Feature, Verb
from bot.features.account import service
from bot.i18n import _

FEATURE = Feature(
    name="account",
    verbs=(
        Verb("help", "/asp help", _("This list."), service.help_, reads_only=True),
        Verb("my", "/asp my", _("Your delegations, your requests and your delegation’s needs."), service.my,
             reads_only=True),
        Verb("lang", _("/asp lang {code}", code=_("CODE")),
             _("Choose the language I write to you in: en, fr, es, ar, zh or ru."), service.lang),
    ),
)
