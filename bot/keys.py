"""Where the sealing keys come from: ASPBOT_SEAL_KEYS (comma separated, the first sealing), or, for the console,
the shell commands and tests, a local key file generated on first use. Slack modes refuse to start without the
environment's keys: a key file beside the database would be stolen with it."""
from __future__ import annotations

import os
from pathlib import Path

from cryptography.fernet import Fernet

from bot.settings import Settings


def new_key() -> str:
    return Fernet.generate_key().decode("ascii")


def from_environment(settings: Settings) -> list[str]:
    return [k.strip() for k in settings.aspbot_seal_keys.replace(" ", ",").split(",") if k.strip()]


def local(settings: Settings) -> list[str]:
    """The key file's keys, one per line (the first sealing); a file with a new key when there is none."""
    path = Path(settings.aspbot_key_file)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Created readable by its owner only, and never overwritten: another process may have made it meanwhile.
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(descriptor, "w") as out:
                out.write(new_key() + "\n")
    return [line.strip() for line in path.read_text().splitlines() if line.strip()]


def keys_for(settings: Settings) -> list[str]:
    return from_environment(settings) or local(settings)
