"""Who a Slack user is (users.info: name, timezone, locale) and who holds Secretariat rights."""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.services.ports import Person, Profile

log = logging.getLogger(__name__)

GROUP_TTL_SECONDS = 300.0


class SlackDirectory:
    def __init__(self, client: WebClient, secretariat_ids: Sequence[str]):
        self._client = client
        self._users = [i for i in secretariat_ids if not i.startswith("S")]
        self._groups = [i for i in secretariat_ids if i.startswith("S")]
        self._cache: dict[str, tuple[float, list[str]]] = {}
        self._lock = threading.Lock()

    def profile(self, person: Person) -> Profile | None:
        try:
            user = self._client.users_info(user=person.user, include_locale=True)["user"]
        except SlackApiError:
            log.warning("users.info failed for %s; keeping the stored profile", person.user)
            return None
        profile = user.get("profile") or {}
        name = profile.get("display_name") or user.get("real_name") or user.get("name")
        return Profile(display_name=name, locale=user.get("locale"), tz=user.get("tz"), left=bool(user.get("deleted")))

    def _group_members(self, group: str) -> list[str]:
        # Monotonic time only ages a cache; business time always comes from the Clock.
        with self._lock:
            hit = self._cache.get(group)
            if hit and time.monotonic() - hit[0] < GROUP_TTL_SECONDS:
                return hit[1]
        try:
            users = list(self._client.usergroups_users_list(usergroup=group)["users"])
        except SlackApiError:
            log.warning("usergroups.users.list failed for %s", group)
            users = hit[1] if hit else []
        with self._lock:
            self._cache[group] = (time.monotonic(), users)
        return users

    def _ids(self) -> list[str]:
        ids = list(self._users)
        for group in self._groups:
            ids += [u for u in self._group_members(group) if u not in ids]
        return ids

    def is_secretariat(self, person: Person) -> bool:
        return person.channel == "slack" and person.user in self._ids()

    def secretariat(self, workspace: str) -> Sequence[Person]:
        return [Person("slack", workspace, user) for user in self._ids()]
