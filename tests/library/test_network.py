"""The Work Offline switch in the environment."""

from __future__ import annotations

import pytest

from library.network import OFFLINE_VARIABLE, offline_by_environment


@pytest.mark.parametrize(
    ("value", "offline"), [("1", True), ("yes", True), (" TRUE ", True), ("0", False), ("", False)]
)
def test_the_environment_can_forbid_the_network(
    monkeypatch: pytest.MonkeyPatch, value: str, offline: bool
) -> None:
    monkeypatch.setenv(OFFLINE_VARIABLE, value)
    assert offline_by_environment() is offline


def test_no_variable_means_the_network_is_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(OFFLINE_VARIABLE, raising=False)
    assert not offline_by_environment()
