"""Two lanes for answering: long questions cannot take the places of normal ones.

A long question (a pasted page, 2,000 emoji) costs several times a normal one even after the
query embedder trims it (the answerer still weighs every term of it).  Four clients sending
such questions used to hold every answering slot, pushing a normal question from 0.09 s to
9.4 s.  Here at most ``LONG_AT_ONCE`` long questions are answered at a time and at most
``LONG_ADMITTED`` are let in (running or waiting); the rest are told to retry.  Normal
questions have ``NORMAL_AT_ONCE`` places of their own, so the web queue gives the answering
events ``NORMAL_AT_ONCE + LONG_ADMITTED`` workers.
"""
from __future__ import annotations

import contextlib
import threading
from typing import Iterator

NORMAL_AT_ONCE = 4
LONG_AT_ONCE = 1
LONG_ADMITTED = 4
# Longer than twice the longest of our 257 eval questions (127 characters): no real question
# is "long", every pasted page is.
LONG_QUESTION_CHARS = 256

BUSY_MESSAGE = ("很多长问题正在等待回答，请稍后再试，或把问题缩短。 "
                "Many long questions are waiting to be answered; please try again shortly, or shorten the question.")


class LaneFull(Exception):
    """Too many long questions are already admitted."""


class AnswerLanes:
    """``with lanes.enter(question):`` around answering it."""

    def __init__(self, normal: int = NORMAL_AT_ONCE, long: int = LONG_AT_ONCE, admitted: int = LONG_ADMITTED,
                 long_chars: int = LONG_QUESTION_CHARS):
        self._normal = threading.BoundedSemaphore(normal)
        self._normal_places = normal
        self._long = threading.BoundedSemaphore(long)
        self._admitted = admitted
        self._inside = 0
        self._count_lock = threading.Lock()
        self.long_chars = long_chars

    @property
    def workers(self) -> int:
        """How many answering events the web queue should run at once."""
        return self._normal_places + self._admitted

    @property
    def long_admitted(self) -> int:
        """Long questions inside now, answering or waiting."""
        with self._count_lock:
            return self._inside

    def is_long(self, question: str) -> bool:
        return len(question) > self.long_chars

    @contextlib.contextmanager
    def enter(self, question: str) -> Iterator[None]:
        """Wait for a place in the question's lane; :class:`LaneFull` when long ones are too many."""
        if not self.is_long(question):
            with self._normal:
                yield
            return
        with self._count_lock:
            if self._inside >= self._admitted:
                raise LaneFull
            self._inside += 1
        try:
            with self._long:
                yield
        finally:
            with self._count_lock:
                self._inside -= 1
