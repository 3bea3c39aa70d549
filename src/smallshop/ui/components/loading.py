"""Reading figures off the event loop: `use_background(compute, deps)`.

One Python process serves every family member's screen, so a 300 ms summary of
ten years computed while rendering would freeze them all. This hook runs
`compute` in a worker thread whenever `deps` change and re-renders with the
result; until then the view shows a progress indicator (the last value is kept
while a refresh runs, so figures do not flicker).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any, Callable, Generic, Sequence, TypeVar

import flet as ft

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class Loaded(Generic[T]):
    value: T | None = None
    error: BaseException | None = None
    loading: bool = True


def use_background(compute: Callable[[], T], dependencies: Sequence[Any]) -> Loaded[T]:
    state, set_state = ft.use_state(Loaded())
    generation = ft.use_ref(0)

    async def load() -> None:
        generation.current += 1
        mine = generation.current
        set_state(lambda old: Loaded(old.value, None, True))
        try:
            value = await asyncio.to_thread(compute)
        except Exception as exc:  # shown by the view, never crashes the screen
            log.warning("background load failed: %r", exc)
            if mine == generation.current:
                failed = exc  # `exc` is unbound after the except block; the setter may run later
                set_state(lambda old: Loaded(old.value, failed, False))
            return
        if mine == generation.current:  # a newer request wins
            set_state(Loaded(value, None, False))

    ft.use_effect(load, list(dependencies))
    return state


def loading_indicator(text: str) -> ft.Control:
    return ft.Container(
        ft.Row([ft.ProgressRing(width=24, height=24, stroke_width=3), ft.Text(text)], spacing=12),
        padding=24,
    )
