"""Thin channel adapters: translate a payload in, call the core once, render the reply out."""
