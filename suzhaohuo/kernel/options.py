"""Option providers: how a higher app offers choices to a lower app's form or service without being imported.

The job form offers insurance cover chosen from the protection app's products::

    # suzhaohuo/protection/handlers.py  (any module discovered at start-up)
    @options.provides("job.cover")
    def cover_choices(**context) -> list[tuple[str, str]]: ...

    # suzhaohuo/jobs/forms.py
    options.choices("job.cover")  # [] when nobody provides it

A provider may also offer a default for a context (``default(name, **context)``), e.g. the cover a city's
category rule requires for a posting. Providers return plain values (codes and labels), never models.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

ChoicesProvider = Callable[..., list[tuple[str, str]]]
DefaultProvider = Callable[..., str]
_CHOICES: dict[str, ChoicesProvider] = {}
_DEFAULTS: dict[str, DefaultProvider] = {}


def provides(name: str) -> Callable[[ChoicesProvider], ChoicesProvider]:
    def register(fn: ChoicesProvider) -> ChoicesProvider:
        _CHOICES[name] = fn
        return fn

    return register


def provides_default(name: str) -> Callable[[DefaultProvider], DefaultProvider]:
    def register(fn: DefaultProvider) -> DefaultProvider:
        _DEFAULTS[name] = fn
        return fn

    return register


def choices(name: str, **context: Any) -> list[tuple[str, str]]:
    fn = _CHOICES.get(name)
    return [] if fn is None else list(fn(**context))


def default(name: str, **context: Any) -> str:
    fn = _DEFAULTS.get(name)
    return "" if fn is None else str(fn(**context) or "")
