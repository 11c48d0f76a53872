"""Technician diagnostics without Qt: component checks, self-tests, the readiness report and the
diagnostics bundle. ``kiosk diag`` and the technician screens (``ui/technician.py``) both use it, so
what a technician sees over SSH is what the screen shows."""

from terminal.diag.checks import COMPONENTS, Check, Status, run_checks

__all__ = ["COMPONENTS", "Check", "Status", "run_checks"]
