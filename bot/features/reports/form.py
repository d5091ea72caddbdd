"""The Plan of Action on universality questionnaire: eight headings, public unless marked confidential."""
from __future__ import annotations

from bot.engine.form import Field, Form, Kind
from bot.i18n import _

# The note of 9 August 2010: what States report on, in the order of the note.
HEADINGS = (
    ("obstacles", _("(i) Obstacles to ratification or implementation"),
     _("(i) What obstacles does your State meet in ratifying or implementing the Rome Statute?")),
    ("strategies", _("(ii) National or regional strategies"),
     _("(ii) Which national or regional strategies promote universality and implementation?")),
    ("programmes", _("(iii) Needs assessment and technical assistance programmes"),
     _("(iii) Which needs-assessment or technical-assistance programmes do you run, receive or plan?")),
    ("events", _("(iv) Planned events"), _("(iv) Which events are planned (seminars, workshops, visits)?")),
    ("legislation", _("(v) Examples of implementing legislation"),
     _("(v) Examples of implementing legislation you can share (title, date, where to find it).")),
    ("agreements", _("(vi) Bilateral cooperation agreements with the Court"),
     _("(vi) Which bilateral cooperation agreements with the Court has your State concluded or is negotiating?")),
    ("constitutional", _("(vii) Solutions to constitutional problems"),
     _("(vii) How were constitutional problems with the Rome Statute solved, or how could they be?")),
    ("contacts", _("(viii) National contact points"),
     _("(viii) Who are your national contact points for the Plan of Action?")),
)

FORM = Form(
    key="plan_of_action",
    title=_("Plan of Action report"),
    intro=_("This questionnaire follows the Plan of Action on universality and full implementation of the Rome "
            "Statute. Every heading is optional: type “skip” to leave one out. What you send is public in full "
            "unless you mark an answer confidential at the end."),
    done=_("Thank you."),
    fields=tuple(Field(key, Kind.LONG_TEXT, label, prompt, required=False, confidential_allowed=True)
                 for key, label, prompt in HEADINGS),
)
