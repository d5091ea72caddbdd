"""The United Nations regional groups, as the Assembly counts States, and the group of each State."""
from __future__ import annotations

from bot.delegations_data import REGIONAL_GROUPS
from bot.i18n import _

REGIONS = {
    "africa": _("African States"),
    "asia_pacific": _("Asia-Pacific States"),
    "eastern_europe": _("Eastern European States"),
    "latin_america": _("Latin American and Caribbean States"),
    "weog": _("Western European and other States"),
}

_GROUP_OF = {code: group for group, codes in REGIONAL_GROUPS.items() for code in codes}


def region_of(code: str) -> str | None:
    """A State's regional group; None for an organisation (or the Holy See, in none)."""
    return _GROUP_OF.get(code)
