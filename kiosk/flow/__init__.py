"""The resident flow without Qt: screen stack, identify state, form position, idle rules, the session wipe.

The QML adapters in ``ui/`` mirror :class:`ResidentFlow`; tests drive it directly (tests/flow).
"""

from kiosk.flow.flow import ResidentFlow
from kiosk.flow.form_steps import FormCursor, steps
from kiosk.flow.idle import IdleRules, IdleTick
from kiosk.flow.screens import SCREENS, ScreenStack
from kiosk.flow.state import FlowState

__all__ = ["SCREENS", "FlowState", "FormCursor", "IdleRules", "IdleTick", "ResidentFlow", "ScreenStack", "steps"]
