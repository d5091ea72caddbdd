"""Use cases: what a person can do, each a function over a unit of work; no channel specifics."""
