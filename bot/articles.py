"""French articles before States' names, so a sentence reads « agir pour la France », « le besoin du Sénégal ».

A French translation asks for one with a format spec on the name: `{delegation:le}` (la France, l’Ouganda,
les Comores, Madagascar), `{delegation:Le}` at the start of a sentence, `{delegation:de}` (de la France,
du Sénégal, des Comores, d’Israël), `{delegation:à}` (à la France, au Sénégal, aux Comores, à Israël). Other
languages' templates do not use the specs.
"""
from __future__ import annotations

# The article each State's French name takes ("" for none: Madagascar, Israël, Cuba, Saint-Marin…).
_LA = ("BA BB BE BG BO BY CD CF CH CI CN CO CZ DM DO FI FM FR GD GE GM GN GQ GR GW HR HU JM JO KP KR LA LT LV LY MD "
       "MK MN MR MY NA NO NZ PG PL RO RS RU SE SI SK SL SO SY TH TN TR TZ ZM").split()
_LE = ("BD BF BI BJ BN BR BT BW BZ CA CG CL CM CR CV DK GA GB GH GT GY HN JP KE KG KH KW KZ LB LI LK LR LS LU MA "
       "ME ML MM MW MX MZ NE NG NI NP PA PE PK PT PY QA RW SD SN SR SS SV TD TG TJ TL TM VA VE VN VU YE ZW").split()
_L = ("AD AF AL AM AO AR AT AU AZ DE DZ EC EE EG ER ES ET ID IE IN IQ IR IS IT PS SA SZ UA UG UY UZ ZA").split()
_LES = "AE BS CK FJ KM MH MV NL PH PW SB SC TO US WS".split()
NO_ARTICLE = "AG BH CU CY DJ HT IL KI KN LC MC MG MT MU NR OM SG SM ST TT TV VC".split()

ARTICLES: dict[str, str] = {**dict.fromkeys(_LA, "la"), **dict.fromkeys(_LE, "le"), **dict.fromkeys(_L, "l’"),
                            **dict.fromkeys(_LES, "les")}
_OF = {"la": "de la ", "le": "du ", "l’": "de l’", "les": "des "}
_TO = {"la": "à la ", "le": "au ", "l’": "à l’", "les": "aux "}
VOWELS = "aeiouyàâéèêëîïôöûüœhAEIOUYÀÂÉÈÊËÎÏÔÖÛÜŒH"


def with_article(code: str, name: str, spec: str) -> str:
    """`name` (the State's French name) with the article or preposition the spec asks for."""
    article = ARTICLES.get(code, "")
    if spec == "de":
        if article:
            return _OF[article] + name
        return ("d’" if name[:1] in VOWELS else "de ") + name
    if spec == "à":
        return _TO.get(article, "à ") + name
    if spec in ("le", "Le"):
        if not article:
            return name
        phrase = article + name if article.endswith("’") else f"{article} {name}"
        return phrase[:1].upper() + phrase[1:] if spec == "Le" else phrase
    return name
