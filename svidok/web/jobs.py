"""Long tasks started from a page (imports, linkage, verification, estimates): run in a
background thread, one at a time, with progress a page can poll."""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Job", "Jobs"]


@dataclass
class Job:
    """One task: what it is, who started it, how far it got, and its result or error."""

    id: str
    kind: str
    owner: str
    label: str
    state: str = "queued"  # queued, running, done, failed
    done: int = 0
    total: int | None = None
    result: Any = None
    error: str | None = None
    started: float = field(default_factory=time.time)
    finished: float | None = None

    def advance(self, n: int) -> None:
        """A progress callback (the store's ``progress`` passes counts of rows/records)."""
        self.done += n

    @property
    def finished_ok(self) -> bool:
        return self.state == "done"

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "label": self.label,
            "state": self.state,
            "done": self.done,
            "total": self.total,
            "error": self.error,
        }


class Jobs:
    """A single worker thread (writes go one at a time anyway) and the jobs it ran."""

    def __init__(self, keep: int = 200, on_finish: Callable[[], None] | None = None) -> None:
        self.on_finish = on_finish  # called after every job (the data may have changed)
        self._pool: ThreadPoolExecutor | None = None
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self.keep = keep

    def submit(
        self,
        kind: str,
        owner: str,
        label: str,
        work: Callable[[Job], Any],
        total: int | None = None,
    ) -> Job:
        """Queue ``work(job)``; its return value becomes ``job.result``."""
        job = Job(secrets.token_urlsafe(12), kind, owner, label, total=total)
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > self.keep:
                self._jobs.pop(next(iter(self._jobs)))

        def run() -> None:
            job.state = "running"
            try:
                job.result = work(job)
                job.state = "done"
            except Exception as exc:
                # The message only: tracebacks may quote values from the data.
                job.error = f"{type(exc).__name__}: {exc}"
                job.state = "failed"
            finally:
                if self.on_finish is not None:
                    self.on_finish()
                job.finished = time.time()

        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="svidok-job")
            self._pool.submit(run)
        return job

    def get(self, job_id: str) -> Job | None:
        return self._jobs.get(job_id)

    def latest(self, kind: str) -> Job | None:
        """The most recent job of ``kind``."""
        found = [j for j in list(self._jobs.values()) if j.kind == kind]
        return found[-1] if found else None

    def wait(self, job: Job, timeout: float = 60.0) -> Job:
        """Block until ``job`` finishes (tests and the CLI's warm-up)."""
        deadline = time.monotonic() + timeout
        while job.state in ("queued", "running") and time.monotonic() < deadline:
            time.sleep(0.02)
        return job

    def shutdown(self) -> None:
        """Stop the worker (queued jobs are dropped); a later submit starts a new one."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
