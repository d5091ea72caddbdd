"""The complementarity platform's intake: one need for technical legal assistance, per area."""
from __future__ import annotations

from bot.engine.checks import choices, make_not_in_past
from bot.engine.form import Field, Form, Kind
from bot.i18n import Language, _
from bot.replies import Choice

# Need areas: the platform's headings and the recurring cooperation themes (ICC-ASP/23/Res.5).
AREAS = {
    "legislation": _("Legislation implementing the Rome Statute"),
    "investigation": _("Investigation (crime scene, documentation, analysis)"),
    "forensics": _("Forensics"),
    "prosecution": _("Prosecution and case building"),
    "judiciary": _("Judiciary and adjudication"),
    "defence": _("Defence and legal aid"),
    "victims": _("Victims and witnesses (protection, support, participation, reparations)"),
    "sgbc": _("Sexual and gender-based crimes"),
    "financial": _("Financial investigations and asset recovery"),
    "cooperation": _("Cooperation with the Court and mutual legal assistance"),
    "detention": _("Detention and enforcement of sentences"),
    "training": _("Training and knowledge tools"),
    "units": _("Specialised units and inter-agency coordination"),
    "other": _("Other"),
}

STAGES = {
    "legislation": _("Legislation"),
    "investigation": _("Investigation"),
    "prosecution": _("Prosecution"),
    "trial": _("Trial"),
    "enforcement": _("Enforcement"),
    "other": _("Other"),
}

HELP_KINDS = {
    "advice": _("Expert advice"),
    "training": _("Training"),
    "mentoring": _("Mentoring"),
    "drafting": _("Legislative drafting"),
    "equipment": _("Equipment and technology"),
    "forensic": _("Forensic support"),
    "financial": _("Financial support"),
}

# The Assembly's six official languages, and Portuguese, common among States Parties.
LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh", "pt")

URGENCY = {
    "urgent": _("Urgent (within three months)"),
    "year": _("Within the year"),
    "open": _("No fixed time"),
}


def build(today) -> Form:
    return Form(
        key="need",
        title=_("Assistance need"),
        intro=_("Let us record one need for technical legal assistance. Everything you answer is public by "
                "default; at the end you can mark any answer confidential, and it will be seen only by your "
                "delegation and the Secretariat."),
        done=_("Thank you."),
        fields=(
            Field("area", Kind.CHOICE, _("Area of need"), _("Which area is this need about?"),
                  choices=choices(AREAS)),
            Field("title", Kind.TEXT, _("Title"), _("A short title for the need (up to 120 characters)."),
                  max_length=120),
            Field("description", Kind.LONG_TEXT, _("Description"),
                  _("Describe the need: what is missing, and what the assistance should achieve."),
                  confidential_allowed=True),
            Field("institutions", Kind.TEXT, _("Institutions concerned"),
                  _("Which national institution or institutions are concerned?"), max_length=300,
                  confidential_allowed=True),
            Field("stage", Kind.CHOICE, _("Stage of proceedings"), _("At which stage of proceedings?"),
                  choices=choices(STAGES), confidential_allowed=True),
            Field("help_kinds", Kind.MULTI_CHOICE, _("Kind of help sought"),
                  _("What kind of help are you looking for? Choose one or more."),
                  choices=choices(HELP_KINDS), confidential_allowed=True),
            Field("languages", Kind.MULTI_CHOICE, _("Working languages"),
                  _("In which languages should the assistance be given? Choose one or more."),
                  choices=[Choice(code, Language(code)) for code in LANGUAGES], confidential_allowed=True),
            Field("wanted_from", Kind.DATE, _("Wanted from"), _("From which date is the assistance wanted?"),
                  required=False, validators=[make_not_in_past(today)], confidential_allowed=True),
            Field("duration", Kind.TEXT, _("Expected duration"),
                  _("For how long, roughly? For example “six months”."), required=False, max_length=100,
                  confidential_allowed=True),
            Field("urgency", Kind.CHOICE, _("Urgency"), _("How urgent is it?"), choices=choices(URGENCY),
                  confidential_allowed=True),
            Field("received", Kind.LONG_TEXT, _("Assistance already received"),
                  _("Is any assistance already received or under way for this need? Providers use this to "
                    "avoid duplicating it."), required=False, confidential_allowed=True),
            Field("contact", Kind.TEXT, _("Contact person"), _("Who is the contact person for this need?"),
                  max_length=200, confidential_allowed=True),
            Field("consent", Kind.YES_NO, _("Sharing with providers"),
                  _("Once it has reviewed this need, may the Secretariat share it with potential providers of "
                    "assistance? Confidential answers are never shared.")),
        ),
    )
