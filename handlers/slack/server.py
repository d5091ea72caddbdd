"""Serving the HTTP surface with waitress until SIGTERM or SIGINT, then stopping without losing what was accepted:
no new connection is taken, requests already read are answered, and only then does the server close."""
from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable

import waitress.server

log = logging.getLogger(__name__)


class GracefulServer:
    def __init__(self, app, host: str, port: int, threads: int = 8):
        self.server = waitress.server.create_server(app, host=host, port=port, threads=threads, ident="aspbot")
        self.stopping = threading.Event()

    def serve(self, *, grace_seconds: float = 10.0, after: Callable[[], None] = lambda: None) -> None:
        """Serve until a stop signal; then finish in-flight requests (at most `grace_seconds`), close, run `after`."""
        for number in (signal.SIGTERM, signal.SIGINT):
            signal.signal(number, lambda *_: self.stopping.set())
        loop = threading.Thread(target=self.server.run, name="waitress-loop", daemon=True)
        loop.start()
        self.server.print_listen("Serving on http://{}:{}")
        while not self.stopping.wait(0.5):
            if not loop.is_alive():  # the loop died on its own: nothing left to drain here
                break
        log.info("stopping: no new connections; finishing requests in flight")
        self.server.trigger.pull_trigger(self._stop_accepting)
        deadline = time.monotonic() + grace_seconds
        while self._busy() and time.monotonic() < deadline:
            time.sleep(0.02)
        if self._busy():
            log.warning("stopping: requests still running after %ss; Slack retries what was not answered",
                        grace_seconds)
        self.server.trigger.pull_trigger(self._close_all)
        loop.join(timeout=5)
        after()

    def _stop_accepting(self) -> None:
        # Runs in the loop's thread (through its trigger): the listening socket leaves the map and is closed.
        self.server.accepting = False
        self.server.del_channel()
        self.server.socket.close()

    def _busy(self) -> bool:
        tasks = self.server.task_dispatcher
        if tasks.queue or tasks.active_count > 0:
            return True
        channels = [c for c in list(self.server._map.values()) if hasattr(c, "requests")]
        return any(c.requests or c.total_outbufs_len for c in channels)

    def _close_all(self) -> None:
        self.server.task_dispatcher.shutdown(cancel_pending=False, timeout=1)
        for dispatcher in list(self.server._map.values()):
            dispatcher.close()
