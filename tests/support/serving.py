"""Serving a WSGI app with waitress on an ephemeral loopback port, and stopping it cleanly."""
from __future__ import annotations

import threading

import waitress.server


class Served:
    def __init__(self, app, threads: int = 4):
        self.server = waitress.server.create_server(app, host="127.0.0.1", port=0, threads=threads)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        self.base_url = f"http://127.0.0.1:{self.server.effective_port}"

    def stop(self) -> None:
        # Worker threads first: one finishing a response pulls the trigger, which must still be open then.
        self.server.task_dispatcher.shutdown()
        # Sockets are closed from inside the server's own loop (through its trigger), so the loop
        # ends by itself instead of finding a closed descriptor in select().
        def close_all() -> None:
            for dispatcher in list(self.server._map.values()):
                dispatcher.close()
        try:
            self.server.trigger.pull_trigger(close_all)
        except OSError:
            # waitress closes some descriptors twice when its loop ends; the number may already belong to
            # another server of the same run, so the trigger can be gone. Close from here instead.
            try:
                close_all()
            except OSError:
                pass
        self.thread.join(timeout=10)
