"""The forms people fill in, declared as data; each module holds one form. `all_forms()` lists them."""
from __future__ import annotations

from datetime import date
from typing import Callable

from bot.engine.form import Form


def all_forms(today: Callable[[], date] = date.today) -> dict[str, Form]:
    """Every form; `today` (the clock's date on the deadline timezone) feeds date checks."""
    from bot.forms import need, onboarding, plan_of_action

    forms = [onboarding.FORM, need.build(today), plan_of_action.FORM]
    return {f.key: f for f in forms}
