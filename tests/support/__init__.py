"""Test support: a fake Slack Web API, signed inbound payloads, and fakes of the core's ports."""
