"""The forms people fill in, declared as data; each module holds one form. `all_forms()` lists them."""
from __future__ import annotations

from bot.engine.form import Form


def all_forms() -> dict[str, Form]:
    from bot.forms import onboarding

    forms = [onboarding.FORM]
    return {f.key: f for f in forms}
