"""Delegations one can represent (seed data); sources: the ICC States Parties list, UN members, ASP."""
from __future__ import annotations

from bot.i18n import Msg, _

# ISO 3166-1 alpha-2 codes, grouped as in the ICC's list by regional group and sorted within
# each group. 125 States Parties as of 2025 (Armenia from 1 February 2024, Ukraine from
# 1 January 2025; Kiribati from 1 February 2020).
#
# Withdrawals announced but possibly not yet in effect (a withdrawal takes effect one year after
# the UN Secretary-General receives the notification, art. 127) -- update when they take effect:
#   - Hungary (HU): notified 2 June 2025, effective 2 June 2026.
#   - Burkina Faso (BF), Mali (ML), Niger (NE): announced on 22 September 2025.
#   - Afghanistan (AF): the de facto authorities reportedly declared a withdrawal in 2025; the UN
#     and the ICC do not recognize them, so Afghanistan remains a State Party.
# Burundi (2017) and the Philippines (2019) have withdrawn and are observer States.
STATES_PARTIES: tuple[str, ...] = (
    # African States (33)
    "BF", "BJ", "BW", "CD", "CF", "CG", "CI", "CV", "DJ", "GA", "GH",
    "GM", "GN", "KE", "KM", "LR", "LS", "MG", "ML", "MU", "MW", "NA",
    "NE", "NG", "SC", "SL", "SN", "TD", "TN", "TZ", "UG", "ZA", "ZM",
    # Asia-Pacific States (19; Cook Islands "CK" and State of Palestine "PS" are not UN members)
    "AF", "BD", "CK", "CY", "FJ", "JO", "JP", "KH", "KI", "KR",
    "MH", "MN", "MV", "NR", "PS", "TJ", "TL", "VU", "WS",
    # Eastern European States (20)
    "AL", "AM", "BA", "BG", "CZ", "EE", "GE", "HR", "HU", "LT",
    "LV", "MD", "ME", "MK", "PL", "RO", "RS", "SI", "SK", "UA",
    # Latin American and Caribbean States (28)
    "AG", "AR", "BB", "BO", "BR", "BZ", "CL", "CO", "CR", "DM",
    "DO", "EC", "GD", "GT", "GY", "HN", "KN", "LC", "MX", "PA",
    "PE", "PY", "SR", "SV", "TT", "UY", "VC", "VE",
    # Western European and other States (25)
    "AD", "AT", "AU", "BE", "CA", "CH", "DE", "DK", "ES", "FI",
    "FR", "GB", "GR", "IE", "IS", "IT", "LI", "LU", "MT", "NL",
    "NO", "NZ", "PT", "SE", "SM",
)

# UN Member States that are not States Parties (193 - 123 = 70), by UN regional group and sorted
# within each group, plus the Holy See (a non-member observer State of the UN).
OBSERVER_STATES: tuple[str, ...] = (
    # African States (21)
    "AO", "BI", "CM", "DZ", "EG", "ER", "ET", "GQ", "GW", "LY", "MA",
    "MR", "MZ", "RW", "SD", "SO", "SS", "ST", "SZ", "TG", "ZW",
    # Asia-Pacific States (37)
    "AE", "BH", "BN", "BT", "CN", "FM", "ID", "IN", "IQ", "IR", "KG",
    "KP", "KW", "KZ", "LA", "LB", "LK", "MM", "MY", "NP", "OM", "PG",
    "PH", "PK", "PW", "QA", "SA", "SB", "SG", "SY", "TH", "TM", "TO",
    "TV", "UZ", "VN", "YE",
    # Eastern European States (3)
    "AZ", "BY", "RU",
    # Latin American and Caribbean States (5)
    "BS", "CU", "HT", "JM", "NI",
    # Western European and other States (4, with the United States)
    "IL", "MC", "TR", "US",
    # Non-member observer State of the UN
    "VA",
)

def _groups(codes: tuple[str, ...], sizes: tuple[int, ...]) -> list[tuple[str, ...]]:
    """The lists above cut into their regional groups, by the sizes their comments give."""
    out, start = [], 0
    for size in sizes:
        out.append(codes[start:start + size])
        start += size
    return out


# The United Nations regional groups, as the lists above are ordered (the Holy See is in none).
_SP = _groups(STATES_PARTIES, (33, 19, 20, 28, 25))
_OBS = _groups(OBSERVER_STATES, (21, 37, 3, 5, 4))
REGIONAL_GROUPS: dict[str, tuple[str, ...]] = {
    name: _SP[n] + _OBS[n]
    for n, name in enumerate(("africa", "asia_pacific", "eastern_europe", "latin_america", "weog"))}

# Codes are uppercase ASCII and never an ISO 3166-1 code of a State, since delegations share one
# code space: the African Union is "AUC" because "AU" is Australia.
IGOS: tuple[tuple[str, Msg], ...] = (
    ("UN", _("United Nations")),
    ("EU", _("European Union")),
    ("AUC", _("African Union")),
    ("OAS", _("Organization of American States")),
    ("COE", _("Council of Europe")),
    ("OIF", _("International Organisation of La Francophonie")),
    ("COMSEC", _("Commonwealth Secretariat")),
    ("LAS", _("League of Arab States")),
    ("CARICOM", _("Caribbean Community")),
    ("PIF", _("Pacific Islands Forum Secretariat")),
    ("AALCO", _("Asian-African Legal Consultative Organization")),
    ("IDLO", _("International Development Law Organization")),
    ("INTERPOL", _("International Criminal Police Organization (INTERPOL)")),
    ("ICRC", _("International Committee of the Red Cross")),
)

CSOS: tuple[tuple[str, Msg], ...] = (
    ("CICC", _("Coalition for the International Criminal Court")),
    ("AMNESTY", _("Amnesty International")),
    ("HRW", _("Human Rights Watch")),
    ("FIDH", _("International Federation for Human Rights (FIDH)")),
    ("NPWJ", _("No Peace Without Justice")),
    ("PGA", _("Parliamentarians for Global Action")),
    ("REDRESS", _("REDRESS")),
    ("ICTJ", _("International Center for Transitional Justice")),
    ("IBA", _("International Bar Association")),
    ("WAYAMO", _("Wayamo Foundation")),
    ("IICI", _("Institute for International Criminal Investigations")),
    ("WIGJ", _("Women's Initiatives for Gender Justice")),
    ("ECCHR", _("European Center for Constitutional and Human Rights")),
    ("TRIAL", _("TRIAL International")),
)
