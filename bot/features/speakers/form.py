"""A request to speak: who speaks for the delegation, with what title, in which language, and the statement
for the interpreters. The plenary, segment and delegation come with the button that starts it."""
from __future__ import annotations

from bot.engine.form import Field, Form, Kind
from bot.features.speakers.policy import LANGUAGES
from bot.i18n import Language, _
from bot.replies import Choice

FORM = Form(
    key="speak",
    title=_("Request to speak"),
    intro=_("Let us put your delegation on the speakers list. Your place counts from when you submit, after the "
            "delegations that speak first by protocol."),
    done=_("Thank you."),
    fields=(
        Field("speaker", Kind.TEXT, _("Speaker"), _("Who will speak? Their name as the chair should call it."),
              max_length=200),
        Field("speaker_title", Kind.TEXT, _("Title or function"),
              _("Their title or function, for example “Minister of Justice” (optional: type “skip”)."),
              required=False, max_length=200),
        Field("language", Kind.CHOICE, _("Language of delivery"), _("In which language will they speak?"),
              choices=[Choice(code, Language(code)) for code in LANGUAGES]),
        Field("statement", Kind.LONG_TEXT, _("Statement for the interpreters"),
              _("Paste the statement for the interpreters, or send it here as a file (PDF, Word, OpenDocument, RTF "
                "or plain text), if you have it (optional: type “skip”). It stays confidential until it is "
                "delivered."), required=False, files=True),
    ),
)
