"""Settings read from the environment (and `.env`): tokens, database, Secretariat, time and language."""
from __future__ import annotations

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None
    slack_api_url: str = "https://slack.com/api/"
    database_url: str = "sqlite:///aspbot.db"
    aspbot_secretariat: str = ""
    aspbot_timezone: str = "Europe/Amsterdam"
    aspbot_default_locale: str = "en"
    # Where people are sent when the bot cannot help (a late submission, a question about a need).
    aspbot_contact: str = "asp@icc-cpi.int"
    # How long a reply may stay claimed by a dispatcher before another takes it again (a process that died
    # while sending). Far above a send's few milliseconds; lowered only by tests that kill processes.
    aspbot_outbox_lease_seconds: float = 300.0
    aspbot_tick_seconds: float = 5.0  # how often the scheduler's jobs run and the outbox is swept
    # Messages per second this process posts to the workspace, and to one person's DM, when sending planned
    # messages (reminders); 0 is no limit. Slack allows about one per second per channel. With several
    # replicas, give each its share of the workspace's budget.
    aspbot_send_rate: float = Field(default=20.0, ge=0)
    aspbot_channel_rate: float = Field(default=1.0, ge=0)
    # Fernet keys sealing confidential answers at rest, comma separated: the first seals, every one opens (put a
    # new key first, run `aspbot keys rotate`, then drop the old one). Required by `serve` and Socket Mode.
    aspbot_seal_keys: str = ""
    # Without ASPBOT_SEAL_KEYS (the console, shell commands, tests): keys read from this file, made on first use.
    aspbot_key_file: str = "aspbot.key"

    @field_validator("slack_api_url")
    @classmethod
    def _trailing_slash(cls, value: str) -> str:
        return value if value.endswith("/") else value + "/"

    @property
    def secretariat_ids(self) -> tuple[str, ...]:
        """Slack user IDs (U…/W…) or user-group IDs (S…), comma or space separated."""
        raw = self.aspbot_secretariat.replace(",", " ").split()
        return tuple(item.strip() for item in raw if item.strip())
