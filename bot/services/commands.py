"""The `/asp` verbs: which feature's use case a typed command runs, and what an unknown verb is told."""
from __future__ import annotations

import difflib

from bot.errors import Refusal
from bot.i18n import _
from bot.services.people import Who
from bot.services.ports import Core, Result


def verb_of(text: str) -> str:
    """The verb of `/asp <text>` (no text is `help`), as it is looked up and as the audit trail names it."""
    words = text.strip().split(maxsplit=1)
    return words[0].lower() if words else "help"


def reads_only(core: Core, text: str) -> bool:
    """Whether `/asp <text>` can change nothing (a verb so declared, or one nobody knows: it gets a hint)."""
    verb = core.features.verbs.get(verb_of(text))
    return verb is None or verb.reads_only


def run(core: Core, who: Who, text: str) -> Result:
    words = text.strip().split(maxsplit=1)
    name = verb_of(text)
    args = words[1] if len(words) > 1 else ""
    verbs = core.features.verbs
    verb = verbs.get(name)
    if verb is None:
        guess = difflib.get_close_matches(name, list(verbs), n=1)
        if guess:
            raise Refusal(_("I do not know “{verb}”. Did you mean /asp {guess}? Type /asp help for the list.",
                            verb=name, guess=guess[0]))
        raise Refusal(_("I do not know “{verb}”. Type /asp help for the list.", verb=name))
    if verb.secretariat_only and not who.secretariat:
        raise Refusal(_("Only the Secretariat can use /asp {verb}.", verb=name))
    return verb.run(core, who, args)
