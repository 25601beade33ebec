"""The Qt binding keeps Python's reference counts right (PySide6 6.12.0 did not, and crashed)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QPoint, Signal


class Emitter(QObject):
    fired = Signal(bool)


def test_void_calls_and_emits_keep_references_to_none_and_true() -> None:
    point = QPoint()
    emitter = Emitter()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(1000):
        point.setX(1)
        emitter.fired.emit(True)
    # A thousand lost references would show as a drop of about a thousand; allow noise.
    assert sys.getrefcount(None) - none_before > -50
    assert sys.getrefcount(True) - true_before > -50
