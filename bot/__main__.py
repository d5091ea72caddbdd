"""`python -m bot` is the `aspbot` command."""
from bot.cli import main

raise SystemExit(main())
