"""A text stream that masks what passes through it, line by line, before the real stream
(stdout, stderr) gets it. Lines are masked whole, so a number split over two writes is
still found; a partial line waits for its end (or a flush)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any, TextIO

MAX_PENDING = 65536  # a "line" longer than this is masked and written in pieces


class MaskingStream:
    def __init__(self, raw: TextIO, mask: Callable[[str], str]) -> None:
        self._raw = raw
        self._mask = mask
        self._pending = ""
        self._lock = threading.RLock()

    @property
    def raw(self) -> TextIO:
        return self._raw

    def write(self, text: str) -> int:
        with self._lock:
            self._pending += text
            if "\n" in self._pending:
                complete, _, self._pending = self._pending.rpartition("\n")
                self._raw.write(self._mask(complete + "\n"))
            if len(self._pending) > MAX_PENDING:
                self._raw.write(self._mask(self._pending))
                self._pending = ""
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        with self._lock:
            if self._pending:
                self._raw.write(self._mask(self._pending))
                self._pending = ""
            self._raw.flush()

    def isatty(self) -> bool:
        return self._raw.isatty()

    def fileno(self) -> int:
        return self._raw.fileno()

    def __getattr__(self, name: str) -> Any:  # encoding, errors, buffer, closed, ...
        return getattr(self._raw, name)
