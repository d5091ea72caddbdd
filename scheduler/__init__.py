"""Time-driven work: the APScheduler tick and the outbox dispatcher (claim, send, mark)."""
