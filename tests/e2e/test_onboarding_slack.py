"""A newcomer's DM → onboarding → the Secretariat's Approve click → the confirmation, over signed HTTP."""
from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.e2e


def blocks_text(call) -> str:
    return json.dumps(call.params.get("blocks", []), ensure_ascii=False)


def buttons(call) -> dict[str, tuple[str, str]]:
    """Button label → (action_id, value), as a person sees and clicks them."""
    out = {}
    for block in call.params.get("blocks", []):
        for element in block.get("elements", []):
            if element.get("type") == "button":
                out[element["text"]["text"]] = (element["action_id"], element["value"])
    return out


def test_newcomer_onboarded_in_french_then_approved_by_the_secretariat(slack):
    fake, client = slack.fake, slack.client
    fake.set_user("UAMINA", tz="Africa/Kampala", locale="fr-FR", real_name="Amina")

    assert client.dm("UAMINA", "bonjour", event_id="Ev1")[0] == 200
    first = fake.wait_for_messages("UAMINA", 2)
    assert first[0].params["text"] == "Bienvenue sur aspbot"
    question = first[1]
    assert question.params["text"] == "Quel type de délégation représentez-vous\u202f?"
    choices = buttons(question)
    assert list(choices)[:4] == ["État partie", "État observateur", "Organisation intergouvernementale",
                                 "Organisation de la société civile"]

    # A click on "État partie", exactly as Slack would send it.
    action_id, value = choices["État partie"]
    assert client.click("UAMINA", action_id, value)[0] == 200
    ask_name = fake.wait_for_messages("UAMINA", 3)[-1]
    assert ask_name.params["text"].startswith("Laquelle\u202f?")

    # A bad answer is reprompted with the reason, with the person's text escaped.
    client.dm("UAMINA", "<!channel>", event_id="Ev2")
    bad = fake.wait_for_messages("UAMINA", 5)[-2]
    assert bad.params["text"] == ("«\u00a0&lt;!channel&gt;\u00a0» ne figure pas parmi les options. "
                                  "Veuillez choisir l’une des options.")

    client.dm("UAMINA", "ouga", event_id="Ev3")
    role = fake.wait_for_messages("UAMINA", 6)[-1]
    assert role.params["text"] == "À quel titre\u202f?"
    client.click("UAMINA", *buttons(role)["Point focal national"])
    email = fake.wait_for_messages("UAMINA", 7)[-1]
    client.click("UAMINA", *buttons(email)["Passer"])
    review = fake.wait_for_messages("UAMINA", 8)[-1]
    assert "Ouganda" in blocks_text(review) and "Point focal national" in blocks_text(review)
    client.click("UAMINA", *buttons(review)["Envoyer"])

    receipt = fake.wait_for_messages("UAMINA", 9)[-1]
    assert receipt.params["text"].startswith("Merci. Votre demande d’agir pour l’Ouganda en tant que point focal "
                                             "national a été transmise au Secrétariat.")
    request = fake.wait_for_messages("USEC", 1)[0]
    assert request.params["text"] == "Verification request"
    assert "<@UAMINA> asks to act for Uganda (State Party) as National focal point." in blocks_text(request)

    # The Secretariat approves from the message's own button.
    hook = fake.response_url("approve")
    assert client.click("USEC", *buttons(request)["Approve"], response_url=hook)[0] == 200
    replaced = fake.wait_for(lambda calls: [c for c in calls if c.method == "response_url:approve"])[0]
    assert replaced.params["replace_original"] is True
    assert replaced.params["text"].startswith("Approved: <@UAMINA> acts for Uganda as National focal point. "
                                              "Decided by <@USEC> on December 2, 2024")
    told = fake.wait_for_messages("UAMINA", 10)[-1]
    assert told.params["text"] == ("Bonne nouvelle\u00a0: le Secrétariat a confirmé que vous agissez pour l’Ouganda en "
                                   "tant que point focal national. Tapez /asp help pour voir ce que vous pouvez faire.")

    # A second click on the same (stale) button changes nothing and says who decided.
    client.click("USEC", *buttons(request)["Decline"], response_url=fake.response_url("again"))
    again = fake.wait_for(lambda calls: [c for c in calls if c.method == "response_url:again"])[0]
    assert again.params["text"].startswith("This request was already approved by <@USEC> on")
    slack.settle()
    assert len(fake.messages_to("UAMINA")) == 10

    status, body = client.command("my", user_id="UAMINA")
    assert status == 200 and body["response_type"] == "ephemeral"
    assert "Ouganda" in json.dumps(body["blocks"], ensure_ascii=False)
    assert "approuvée" in json.dumps(body["blocks"], ensure_ascii=False)


def test_a_secretariat_user_group_receives_and_decides_requests(slack_app):
    harness = slack_app(secretariat="S0SECRET")
    fake, client = harness.fake, harness.client
    fake.set_usergroup("S0SECRET", ["UKIM", "ULEE"])
    for event_id, text in enumerate(("hello", "1", "uganda", "delegate", "skip", "submit")):
        client.dm("UOMAR", text, event_id=f"Ev-g{event_id}")
        harness.settle()
    to_kim, to_lee = fake.wait_for_messages("UKIM", 1)[0], fake.wait_for_messages("ULEE", 1)[0]
    assert blocks_text(to_kim) == blocks_text(to_lee)
    assert "<@UOMAR> asks to act for Uganda (State Party) as Delegate." in blocks_text(to_kim)
    # Someone outside the group cannot decide; a member of the group can.
    client.click("USEC", *buttons(to_kim)["Approve"], response_url=fake.response_url("outsider"))
    refused = fake.wait_for_calls("response_url:outsider")[0]
    assert refused.params["text"] == "Only the Secretariat can verify delegations."
    assert refused.params["replace_original"] is False
    client.click("ULEE", *buttons(to_lee)["Approve"], response_url=fake.response_url("lee"))
    assert fake.wait_for_calls("response_url:lee")[0].params["text"].startswith(
        "Approved: <@UOMAR> acts for Uganda as Delegate. Decided by <@ULEE>")
    assert fake.wait_for_messages("UOMAR", 8)[-1].params["text"].startswith("Good news")


def test_a_clicked_question_is_replaced_by_its_answer(slack):
    fake, client = slack.fake, slack.client
    client.dm("UNEW", "hello", event_id="Ev-echo")
    question = fake.wait_for_messages("UNEW", 2)[-1]
    client.click("UNEW", *buttons(question)["Observer State"], response_url=fake.response_url("q1"))
    replaced = fake.wait_for_calls("response_url:q1")[0].params
    assert replaced["replace_original"] is True
    assert replaced["text"] == "What kind of delegation do you represent?"
    assert [b["type"] for b in replaced["blocks"]] == ["section", "context"]
    assert replaced["blocks"][1]["elements"][0]["text"] == "Your answer: Observer State"
    slack.settle()
    assert fake.messages_to("UNEW")[-1].params["text"].startswith("Which one?")


def test_russian_speakers_are_onboarded_in_russian(slack):
    fake, client = slack.fake, slack.client
    fake.set_user("UIVAN", tz="Europe/Moscow", locale="ru-RU")
    client.dm("UIVAN", "здравствуйте", event_id="Ev-ru1")
    assert fake.wait_for_messages("UIVAN", 2)[-1].params["text"] == "Какой тип делегации Вы представляете?"
    slack.settle()
    for number, text in enumerate(("Государство-участник", "уганда")):
        client.dm("UIVAN", text, event_id=f"Ev-ru{number + 2}")
        slack.settle()
    assert fake.messages_to("UIVAN")[-1].params["text"] == "В какой роли?"


def test_chinese_speakers_find_their_delegation_by_its_chinese_name(slack):
    fake, client = slack.fake, slack.client
    fake.set_user("UMEI", tz="Asia/Shanghai", locale="zh-CN")
    client.dm("UMEI", "你好", event_id="Ev-zh1")
    assert fake.wait_for_messages("UMEI", 2)[-1].params["text"] == "您代表哪一类代表团？"
    slack.settle()
    client.dm("UMEI", "缔约国", event_id="Ev-zh2")
    slack.settle()
    client.dm("UMEI", "巴勒斯坦", event_id="Ev-zh3")
    slack.settle()
    client.dm("UMEI", "返回", event_id="Ev-zh4")  # back, typed in Chinese
    slack.settle()
    texts = [c.params["text"] for c in fake.messages_to("UMEI")]
    assert texts[-2] == "以何种身份？"  # the role: Palestine was found by its Chinese name
    assert texts[-1] == texts[-3]  # and "back" returned to the delegation question


def test_spanish_and_arabic_speakers_are_onboarded_in_their_language(slack):
    fake, client = slack.fake, slack.client
    fake.set_user("ULUIS", tz="America/Bogota", locale="es-CO")
    fake.set_user("UNOUR", tz="Asia/Amman", locale="ar")
    client.dm("ULUIS", "hola", event_id="Ev-es1")
    client.dm("UNOUR", "مرحبا", event_id="Ev-ar1")
    assert fake.wait_for_messages("ULUIS", 2)[-1].params["text"] == "¿Qué tipo de delegación representa?"
    assert fake.wait_for_messages("UNOUR", 2)[-1].params["text"] == "ما نوع الوفد الذي تمثله؟"
    slack.settle()
    client.dm("ULUIS", "Estado Parte", event_id="Ev-es2")
    slack.settle()
    client.dm("ULUIS", "atrás", event_id="Ev-es3")  # the typed command in Spanish
    slack.settle()
    assert fake.messages_to("ULUIS")[-1].params["text"] == "¿Qué tipo de delegación representa?"
    client.dm("UNOUR", "دولة طرف", event_id="Ev-ar2")
    slack.settle()
    client.dm("UNOUR", "فلسطين", event_id="Ev-ar3")  # found by its Arabic name
    slack.settle()
    assert fake.messages_to("UNOUR")[-1].params["text"] == "بأي صفة؟"  # the next question: the role
    status, body = client.command("lang es", user_id="UNOUR")
    assert body["text"] == "A partir de ahora le escribiré en español."
