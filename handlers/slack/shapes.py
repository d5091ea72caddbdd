"""What our listeners read of a Slack payload, as pydantic models checked at the door: a signed payload of
another shape (a missing user, a `null` where text belongs, an id too long for the database) is a 400, not a
crash inside a listener. Fields nobody reads are let through untouched."""
from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

# Slack's user ids (U…, W…) and team ids (T…, E…); bounded so that no database column can overflow.
UserId = Annotated[str, Field(pattern=r"^[UWB][A-Z0-9]{1,31}$")]
TeamId = Annotated[str, Field(pattern=r"^[TE][A-Z0-9]{1,31}$")]
Short = Annotated[str, Field(max_length=255)]
Url = Annotated[str, Field(max_length=2000, pattern=r"^https?://")]


class _Loose(BaseModel):
    model_config = ConfigDict(extra="allow")


class _Authorization(_Loose):
    enterprise_id: Short | None = None
    team_id: Short | None = None
    user_id: Short | None = None
    is_enterprise_install: bool | None = None


class _Org(_Loose):
    id: Short | None = None


class _Envelope(_Loose):
    """What Bolt itself reads of every request to build its context (team, enterprise, channel, thread)."""

    authorizations: list[_Authorization] | None = None
    enterprise: _Org | Short | None = None
    enterprise_id: Short | None = None
    is_enterprise_install: bool | None = None
    is_ext_shared_channel: bool | None = None
    channel_id: Short | None = None
    thread_ts: Short | None = None


class Command(_Envelope):
    user_id: UserId
    team_id: TeamId | None = None
    text: Annotated[str, Field(max_length=4000)] = ""
    response_url: Url | None = None
    trigger_id: Short | None = None


class _Ref(_Loose):
    id: UserId
    team_id: Short | None = None


class _Team(_Loose):
    id: TeamId
    enterprise_id: Short | None = None


class _Option(_Loose):
    value: Annotated[str, Field(max_length=2000)]


class _Action(_Loose):
    action_id: Short
    block_id: Short | None = None
    value: Annotated[str, Field(max_length=2000)] | None = None
    selected_option: _Option | None = None
    selected_options: Annotated[list[_Option], Field(max_length=100)] | None = None


class _View(_Loose):
    type: Short
    id: Short | None = None
    callback_id: Short = ""
    app_installed_team_id: Short | None = None
    private_metadata: Annotated[str, Field(max_length=3000)] = ""
    state: dict[str, dict[str, dict[str, dict[str, Any]]]] | None = None


class _Channel(_Loose):
    id: Short | None = None


class _Message(_Loose):
    user: Short | None = None
    thread_ts: Short | None = None


class _ResponseUrl(_Loose):
    response_url: Url


class Interaction(_Envelope):
    # The only interactions aspbot listens to; any other is answered 400 before Bolt looks for a listener.
    type: Literal["block_actions", "view_submission"]
    user: _Ref
    team: _Team | None = None
    trigger_id: Short | None = None
    response_url: Url | None = None
    channel: _Channel | Short | None = None
    message: _Message | None = None
    response_urls: list[_ResponseUrl] = []  # absent is fine; null is a crash in Bolt
    actions: Annotated[list[_Action], Field(min_length=1)] | None = None
    view: _View | None = None
    # The clicked message's inputs as they stand (a several-choice question's ticks when "Done" is clicked).
    state: dict[str, dict[str, dict[str, dict[str, Any]]]] | None = None

    @model_validator(mode="after")
    def _has_what_its_type_needs(self) -> Interaction:
        # Bolt's own matchers index these without looking: a block_actions without an action is a crash there.
        if self.type == "block_actions" and not self.actions:
            raise ValueError("block_actions without actions")
        if self.type == "view_submission" and self.view is None:
            raise ValueError(f"{self.type} without a view")
        return self


class _Event(_Loose):
    type: Short
    user: UserId | None = None
    text: Annotated[str, Field(max_length=40000)] | None = None
    ts: Short | None = None
    thread_ts: Short | None = None
    channel_type: Short | None = None
    channel: _Channel | Short | None = None
    tab: Short | None = None
    team: Short | None = None
    user_team: Short | None = None
    subtype: Short | None = None
    bot_id: Short | None = None
    client_msg_id: Short | None = None
    message: _Message | None = None
    previous_message: _Message | None = None


class EventCallback(_Envelope):
    type: Literal["event_callback"]
    team_id: TeamId | None = None
    event_id: Short | None = None
    event: _Event


class UrlVerification(_Loose):
    type: Literal["url_verification"]
    challenge: Short


def misfit(data: dict, kind: Literal["command", "interaction", "event"]) -> str | None:
    """None when a signed payload has the shape every listener relies on; else where it does not (field names
    only, never values: this goes to the log)."""
    try:
        if kind == "command":
            Command.model_validate(data)
        elif kind == "interaction":
            Interaction.model_validate(data)
        elif data.get("type") == "url_verification":
            UrlVerification.model_validate(data)
        elif data.get("type") == "event_callback":
            EventCallback.model_validate(data)
        # Other envelopes (app_rate_limited, …) reach no listener of ours; Bolt acknowledges them.
    except ValidationError as exc:
        first = exc.errors()[0]
        return ".".join(str(part) for part in first["loc"])[:200] + f" ({first['type']})"
    return None
