"""The outbox codec for `Message`: every part type round-trips, and rows already stored still decode."""
from dataclasses import MISSING, dataclass, fields
from datetime import date, datetime, timedelta, timezone
from typing import ClassVar, get_args

import pytest

from bot.i18n import Language, Mention, Msg, OneOf, Territory
from bot.replies import (
    Actions,
    Attachment,
    Button,
    Choice,
    Facts,
    FormOffer,
    Header,
    Message,
    Note,
    Part,
    Question,
    Text,
    decode_message,
    encode_message,
)

CET = timezone(timedelta(hours=1))
WHEN = datetime(2024, 12, 2, 10, 30, tzinfo=CET)
DAY = date(2024, 12, 6)
# Every kind of value a message can carry, a Msg nested in the params among them.
RICH = Msg("{who} from {where} speaks {lang} at {when} on {day}: {inner} ({count}, {free}; {either})",
           {"who": Mention("U123", "Ana"), "where": Territory("NL"), "lang": Language("fr"),
            "when": WHEN, "day": DAY, "inner": Msg("Side event {n}", {"n": 3}),
            "count": 7, "free": "user text", "either": OneOf((Territory("FR"), Msg("Finland"), "typed"))})
PLURAL = Msg("{n} delegate from {where}", {"n": 2, "where": Territory("KE")}, plural="{n} delegates from {where}", n=2)

SAMPLES = {
    Header: Header(RICH),
    Text: Text(PLURAL),
    Note: Note(RICH),
    Facts: Facts(((Msg("Who"), Mention("U9", "Bo")), (Msg("Where"), Territory("FR")),
                  (Msg("Language"), Language("es")), (Msg("When"), WHEN), (Msg("Day"), DAY),
                  (Msg("Count"), 4), (Msg("Story"), "free text"), (PLURAL, RICH))),
    Actions: Actions((Button(RICH, "need:ok", "42", "primary"), Button(PLURAL, "need:no", "7"))),
    Question: Question(PLURAL, "tok1",
                       (Choice("nl", Territory("NL")), Choice("a", RICH), Choice("x", "untrusted")),
                       True, ("nl", "a"), RICH),
    FormOffer: FormOffer("need"),
    Attachment: Attachment.of("COOP-23-I.ics", RICH, b"BEGIN:VCALENDAR\r\n\x00\xff"),
}


def test_every_part_type_has_a_round_trip_sample_that_sets_every_field():
    assert set(SAMPLES) == set(get_args(Part)), "add a sample for each new part type"
    for cls, sample in SAMPLES.items():
        for f in fields(cls):
            default = f.default_factory() if f.default_factory is not MISSING else f.default
            assert getattr(sample, f.name) != default, f"{cls.__name__}.{f.name}: sample leaves the default"


@pytest.mark.parametrize("part", SAMPLES.values(), ids=lambda p: type(p).__name__)
def test_part_round_trips(part):
    message = Message.of(part)
    raw = encode_message(message)
    assert decode_message(raw) == message
    # Equality alone misses a datetime moved to another offset at the same instant.
    assert encode_message(decode_message(raw)) == raw


def test_a_message_of_all_parts_round_trips():
    message = Message.of(*SAMPLES.values())
    assert decode_message(encode_message(message)) == message
    assert decode_message(encode_message(Message())) == Message()


# Rows as stored in outbox tables today, one or more per part type; a new part type pins its format here.
STORED = [
    ('{"parts": [{"k": "header", "msg": {"$msg": "Welcome {who} to {event}", "p": {"who": {"$mention": "U1", '
     '"name": "Ana"}, "event": {"$msg": "Side event {n}", "p": {"n": 1}}}}}]}',
     Header(Msg("Welcome {who} to {event}", {"who": Mention("U1", "Ana"), "event": Msg("Side event {n}", {"n": 1})}))),
    ('{"parts": [{"k": "text", "msg": {"$msg": "{n} delegate from {where}", "p": {"n": 2, "where": '
     '{"$territory": "KE"}}, "pl": "{n} delegates from {where}", "n": 2}}]}',
     Text(PLURAL)),
    ('{"parts": [{"k": "note", "msg": {"$msg": "Opens {when}, closes {day}", "p": {"when": '
     '{"$datetime": "2024-12-02T10:30:00+01:00"}, "day": {"$date": "2024-12-06"}}}}]}',
     Note(Msg("Opens {when}, closes {day}", {"when": WHEN, "day": DAY}))),
    ('{"parts": [{"k": "facts", "rows": [[{"$msg": "Language", "p": {}}, {"$language": "fr"}], '
     '[{"$msg": "Count", "p": {}}, 3], [{"$msg": "Story", "p": {}}, "free text"], '
     '[{"$msg": "Due", "p": {}}, {"$date": "2024-12-06"}]]}]}',
     Facts(((Msg("Language"), Language("fr")), (Msg("Count"), 3), (Msg("Story"), "free text"), (Msg("Due"), DAY)))),
    ('{"parts": [{"k": "actions", "buttons": [{"label": {"$msg": "Yes", "p": {}}, "action": "need:ok", '
     '"value": "42", "style": "primary"}, {"label": {"$msg": "No", "p": {}}, "action": "need:no", '
     '"value": "42", "style": null}]}]}',
     Actions((Button(Msg("Yes"), "need:ok", "42", "primary"), Button(Msg("No"), "need:no", "42")))),
    ('{"parts": [{"k": "question", "prompt": {"$msg": "Where?", "p": {}}, "token": "tok", "choices": '
     '[["NL", {"$territory": "NL"}], ["x", "typed"]], "multi": true, "selected": ["NL"], '
     '"hint": {"$msg": "Pick {n}", "p": {"n": 1}}}]}',
     Question(Msg("Where?"), "tok", (Choice("NL", Territory("NL")), Choice("x", "typed")), True, ("NL",),
              Msg("Pick {n}", {"n": 1}))),
    ('{"parts": [{"k": "question", "prompt": {"$msg": "Why?", "p": {}}, "token": "tok", "choices": [], '
     '"multi": false, "selected": [], "hint": null}]}',
     Question(Msg("Why?"), "tok")),
    ('{"parts": [{"k": "offer", "form": "need"}]}', FormOffer("need")),
    ('{"parts": [{"k": "file", "name": "x.ics", "title": {"$msg": "Invitation", "p": {}}, "content": "aGk="}]}',
     Attachment("x.ics", Msg("Invitation"), "aGk=")),
]


def test_the_stored_format_is_pinned_for_every_part_type():
    assert {type(part) for _, part in STORED} == set(get_args(Part))


@pytest.mark.parametrize("raw, part", STORED, ids=[type(part).__name__ for _, part in STORED])
def test_stored_rows_decode(raw, part):
    assert decode_message(raw) == Message.of(part)


@pytest.mark.parametrize("raw, part", STORED, ids=[type(part).__name__ for _, part in STORED])
def test_the_format_written_is_unchanged(raw, part):
    # Byte for byte, so a worker still on the previous release reads what this one writes.
    assert encode_message(Message.of(part)) == raw


def test_a_field_missing_from_an_older_row_takes_its_default():
    raw = '{"parts": [{"k": "question", "prompt": {"$msg": "Why?", "p": {}}, "token": "tok"}]}'
    assert decode_message(raw) == Message.of(Question(Msg("Why?"), "tok"))


def test_an_unknown_kind_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown message part kind 'poll'"):
        decode_message('{"parts": [{"k": "note", "msg": {"$msg": "x", "p": {}}}, {"k": "poll", "q": 1}]}')


def test_a_part_missing_from_the_union_is_refused_when_encoded():
    @dataclass(frozen=True)
    class Poll:
        kind: ClassVar[str] = "poll"
        msg: Msg

    with pytest.raises(TypeError, match="Poll is not a message part"):
        encode_message(Message.of(Poll(Msg("x"))))
