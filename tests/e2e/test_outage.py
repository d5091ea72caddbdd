"""PostgreSQL cut off while people write: each is told, in their own language, to send it again in a minute;
/healthz says the database is down; nothing is half-written; service resumes by itself when it is back."""
from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import pytest
from sqlalchemy import create_engine, text

from storage.models import Base
from tests.conftest import PG_URL
from tests.e2e.test_onboarding_slack import buttons
from tests.e2e.test_safety import http_get, texts
from tests.support.tcp_proxy import CuttableProxy

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(not PG_URL, reason="needs TEST_DATABASE_URL (PostgreSQL)")]

FR = ("Je ne parviens pas à accéder à mes données pour le moment\u00a0: votre dernier message n’a donc pas pu être "
      "pris en compte. Veuillez le renvoyer dans une minute.")
EN = ("I cannot reach my records just now, so I could not take your last message. Please send it again in a "
      "minute.")


@pytest.fixture
def proxy():
    target = urlsplit(PG_URL)
    relay = CuttableProxy(target.hostname or "127.0.0.1", target.port or 5432)
    yield relay
    relay.stop()


@pytest.fixture
def database_url(request, proxy):
    if request.param == "sqlite":
        pytest.skip("a cut network link is a PostgreSQL matter; SQLite is a local file")
    url = request.getfixturevalue("pg_schema")
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("TRUNCATE " + ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
                          + " RESTART IDENTITY CASCADE"))
    engine.dispose()
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=f"{parts.username or 'postgres'}@127.0.0.1:{proxy.port}"))


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_database_cut_tells_everyone_writes_nothing_and_heals_itself(slack, proxy):
    fake, client = slack.fake, slack.client
    fake.set_user("UAMINA", tz="Africa/Kampala", locale="fr-FR", real_name="Amina")
    assert client.dm("UAMINA", "bonjour", event_id="Ev-o1")[0] == 200
    slack.settle()
    question = fake.messages_to("UAMINA")[-1]
    assert question.params["text"] == "Quel type de délégation représentez-vous\u202f?"
    assert http_get(slack.base_url + "/healthz") == (200, "ok\n")

    proxy.cut()
    before = len(fake.messages_to("UAMINA"))
    assert client.dm("UAMINA", "1", event_id="Ev-o2")[0] == 200  # typed during the outage
    assert client.dm("UNEW", "hello", event_id="Ev-o3")[0] == 200  # a newcomer, never seen before
    status, body = client.command("need", user_id="UAMINA")
    click = client.click("UAMINA", *buttons(question)["État partie"], response_url=fake.response_url("cut"))
    slack.settle()
    assert http_get(slack.base_url + "/healthz") == (503, "database down\n")
    assert texts(fake.messages_to("UAMINA")[before:]) == [FR]
    assert texts(fake.messages_to("UNEW")) == [EN]
    assert status == 200 and body["text"] == FR
    assert click[0] == 200 and fake.wait_for_calls("response_url:cut")[0].params["text"] == FR

    proxy.restore()
    assert http_get(slack.base_url + "/healthz") == (200, "ok\n")
    # Nothing typed during the outage was kept: the conversation is where it was, and goes on.
    client.click("UAMINA", *buttons(question)["État partie"])
    slack.settle()
    assert fake.messages_to("UAMINA")[-1].params["text"].startswith("Laquelle\u202f?")
    assert client.dm("UNEW", "hello", event_id="Ev-o4")[0] == 200
    slack.settle()
    assert texts(fake.messages_to("UNEW"))[1:] == ["Welcome to aspbot", "What kind of delegation do you represent?"]
