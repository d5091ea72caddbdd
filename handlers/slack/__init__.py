"""Slack adapter: Bolt listeners, Block Kit rendering, Web API sending and the people directory."""
