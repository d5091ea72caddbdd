"""scratch"""
import json
from tests.e2e.test_onboarding_slack import buttons

def dump(fake):
    for c in fake.calls():
        print(c.method, json.dumps({k: v for k, v in c.params.items() if k != "token"}, ensure_ascii=False)[:1500])
    print("=====")

def test_explore(slack):
    fake, client = slack.fake, slack.client
    print(client.dm("UNEW", "hello", event_id="Ev1"))
    q = fake.wait_for_messages("UNEW", 2)[-1]
    print(client.click("UNEW", *buttons(q)["State Party"]))
    fake.wait_for_messages("UNEW", 3)
    client.dm("UNEW", "<!channel>", event_id="Ev2")
    fake.wait_for_messages("UNEW", 5)
    client.dm("UNEW", "uganda", event_id="Ev3")
    role = fake.wait_for_messages("UNEW", 6)[-1]
    client.click("UNEW", *buttons(role)["National focal point"])
    fake.wait_for_messages("UNEW", 7)
    client.dm("UNEW", "<@U0BADGUY> & <!here>", event_id="Ev4")
    slack.settle()
    email = fake.messages_to("UNEW")[-1]
    client.click("UNEW", *buttons(email)["Skip"])
    review = fake.wait_for_messages("UNEW", 10)[-1]
    client.click("UNEW", *buttons(review)["Submit"])
    fake.wait_for_messages("USEC", 1)
    slack.settle()
    dump(fake)
    print(client.command("hlep"))
    print(client.command(""))
    print(client.command("verify"))
    print(client.command("help", user_id="USEC"))
    print(client.command("lang xx"))
    print(client.command("lang fr"))
    print(client.command("help"))
    print(client.home("UNEW", event_id="Ev9"))
    slack.settle()
    dump(fake)
