"""A conversation's state as plain data, so it can be saved after every step and resumed anywhere."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

REVIEW = "review"
DONE = "done"
CANCELLED = "cancelled"


@dataclass
class State:
    form: str
    step: str
    answers: dict[str, Any] = field(default_factory=dict)
    confidential: list[str] = field(default_factory=list)
    history: list[str] = field(default_factory=list)
    shown: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)  # a multiple choice being ticked by clicks
    editing: bool = False
    version: int = 0
    # What the conversation is about beyond its answers, e.g. the reference of a need being edited.
    context: dict[str, Any] = field(default_factory=dict)

    @property
    def finished(self) -> bool:
        return self.step in (DONE, CANCELLED)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> State:
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})
