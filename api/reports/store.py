"""Report documents kept on disk by what they depend on, made at most once per key.

A key names the database, the read models' position, the day, the filters and the format:
the same download at the same position is the same file, served again without any work. A
document is made in a background thread (one at a time in a process: each already uses both
layout processes), under a file lock on the key, so neither this process nor another API
process sharing the folder makes the same key twice at once. The folder is bounded: the
least recently used files go past `max_files` or `max_bytes`.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

log = logging.getLogger(__name__)
Make = Callable[[Path], None]  # writes the document at the path given


def used(path: Path) -> None:
    """Marks the file used now, to the nanosecond: the file system's own clock for writes
    ticks in milliseconds, too coarse to order files made in quick succession."""
    now = time.time_ns()
    os.utime(path, ns=(now, now))


class ReportStore:
    def __init__(self, folder: Path, wait: float, max_files: int, max_bytes: int) -> None:
        self.folder, self.wait = folder, wait
        self.max_files, self.max_bytes = max_files, max_bytes
        self.lock = threading.Lock()
        self.running: dict[str, Future[Path]] = {}
        self.pool = ThreadPoolExecutor(1, thread_name_prefix="report-documents")

    def path(self, key: str, kind: str) -> Path:
        return self.folder / f"{key}.{kind}"

    def kept(self, key: str, kind: str) -> Path | None:
        """The document if made already (and marked recently used)."""
        path = self.path(key, kind)
        with contextlib.suppress(FileNotFoundError):
            used(path)
            return path
        return None

    def latest(self, key: str, kind: str) -> Path | None:
        """The document of the same stem (the key without its position, "stem-position")
        at the highest position kept, if any."""
        stem = key.rsplit("-", 1)[0]
        found = []
        for path in self.folder.glob(f"{stem}-*.{kind}"):
            position = path.stem.rsplit("-", 1)[1]
            if position.isdigit():
                found.append((int(position), path))
        return max(found)[1] if found else None

    def preparing(self, key: str, kind: str) -> bool:
        """Whether this or another process is making it now."""
        with self.lock:
            if f"{key}.{kind}" in self.running:
                return True
        if not self.lock_path(key, kind).exists():
            return False
        with self.locked(key, kind, wait=False) as held:
            return not held

    def get(self, key: str, kind: str, make: Make) -> Path | None:
        """The document, made now if that takes at most `wait` seconds; None while it is
        being made in the background (ask again later)."""
        found = self.kept(key, kind)
        if found is not None:
            return found
        name = f"{key}.{kind}"
        with self.lock:
            future = self.running.get(name)
            started = future is None
            if future is None:
                future = self.running[name] = self.pool.submit(self.make, key, kind, make)
        if started:  # outside the lock: a future already done calls back in this thread
            future.add_done_callback(lambda _f: self.done(name))
        if self.wait <= 0:
            return None
        with contextlib.suppress(TimeoutError):
            return future.result(timeout=self.wait)
        return None

    def done(self, name: str) -> None:
        with self.lock:
            self.running.pop(name, None)

    def make(self, key: str, kind: str, make: Make) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.path(key, kind)
        with self.locked(key, kind, wait=True):
            if path.exists():  # another process made it while this one waited
                return path
            partial = path.with_name(f".{path.name}.{os.getpid()}.part")
            try:
                make(partial)
                used(partial)
                partial.replace(path)  # whole or not at all, for every reader
            finally:
                partial.unlink(missing_ok=True)
        self.prune(keep=path)
        return path

    def lock_path(self, key: str, kind: str) -> Path:
        return self.folder / f".{key}.{kind}.lock"

    @contextlib.contextmanager
    def locked(self, key: str, kind: str, wait: bool) -> Iterator[bool]:
        lock = self.lock_path(key, kind)
        with lock.open("a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def prune(self, keep: Path) -> None:
        """The least recently used documents go, beyond the bounds (never the one just made)."""
        files = []
        for path in self.folder.iterdir():
            if path.name.startswith("."):
                continue
            with contextlib.suppress(FileNotFoundError):
                stat = path.stat()
                files.append((stat.st_mtime_ns, stat.st_size, path))
        files.sort(reverse=True)
        count, size = 0, 0
        for _mtime, bytes_, path in files:
            count, size = count + 1, size + bytes_
            if path != keep and (count > self.max_files or size > self.max_bytes):
                path.unlink(missing_ok=True)
                with contextlib.suppress(FileNotFoundError):
                    self.lock_path(*path.name.rsplit(".", 1)).unlink()

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
