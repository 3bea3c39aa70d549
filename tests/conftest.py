"""Fixtures shared by every test folder (pytest finds this file for all of tests/)."""

from __future__ import annotations

import threading
from typing import Any, Callable

import pytest


def run_together(count: int, work: Callable[[int], Any]) -> tuple[list, list[BaseException]]:
    """Run work(n) for n in range(count), each in its own thread, all released at the
    same moment by a barrier; returns (results, errors) once every thread has ended."""
    start = threading.Barrier(count)
    results: list = []
    errors: list[BaseException] = []

    def run(n: int) -> None:
        start.wait()
        try:
            results.append(work(n))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


@pytest.fixture
def together() -> Callable[[int, Callable[[int], Any]], tuple[list, list[BaseException]]]:
    """together(count, work) -> (results, errors): work(n) in `count` threads started at once."""
    return run_together
