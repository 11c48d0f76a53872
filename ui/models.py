"""A list model whose rows are plain dicts (the one QAbstractListModel the screens need), and the form's pair of them.

Rows come from core services already translated into the session's language;
role names are the dict keys of the first row set (fixed per model instance).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    Property,
    QAbstractListModel,
    QByteArray,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.flow import FormCursor

# registered so that the elements' list properties have a QML type with ``count`` and ``get``
QML_IMPORT_NAME = "Kiosk.Backend"
QML_IMPORT_MAJOR_VERSION = 1


def qml_property(kind: Any, getter: Callable[[Any], Any], notify: Any = None) -> Any:
    """A read-only QML property, constant without ``notify``. ``kind`` may name a QVariant type
    ("QVariantMap"), which PySide6 takes but its stub (``type`` only) does not."""
    return Property(kind, getter, notify=notify) if notify is not None else Property(kind, getter, constant=True)


_ROOT = QModelIndex()  # the invalid index: rows of the top level


@QmlElement
@QmlUncreatable("a DictListModel is created by the element that exposes it")
class DictListModel(QAbstractListModel):  # type: ignore[operator]  # PySide6's stub types QmlUncreatable as not callable
    countChanged = Signal()

    def __init__(self, roles: list[str], parent: Any = None) -> None:
        super().__init__(parent)
        self._roles = list(roles)
        self._role_ids = {Qt.ItemDataRole.UserRole + 1 + i: name for i, name in enumerate(self._roles)}
        self._rows: list[dict[str, Any]] = []

    def roleNames(self) -> dict[int, QByteArray]:
        return {rid: QByteArray(name.encode()) for rid, name in self._role_ids.items()}

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        name = self._role_ids.get(role)
        if name is None:
            return None
        return self._rows[index.row()].get(name)

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._rows = [dict(r) for r in rows]
        self.endResetModel()
        self.countChanged.emit()

    def update_rows(self, rows: list[dict[str, Any]]) -> None:
        """Same row count and identity: change values in place so delegates (and focus) survive."""
        if len(rows) != len(self._rows):
            self.set_rows(rows)
            return
        for i, row in enumerate(rows):
            if row != self._rows[i]:
                self._rows[i] = dict(row)
                idx = self.index(i, 0)
                self.dataChanged.emit(idx, idx)

    def rows(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self._rows]

    def clear(self) -> None:
        self.set_rows([])

    @Slot(int, result="QVariantMap")
    def get(self, row: int) -> dict[str, Any]:
        return dict(self._rows[row]) if 0 <= row < len(self._rows) else {}

    def _count(self) -> int:
        return len(self._rows)

    count = Property(int, _count, notify=countChanged)


class FormModels:
    """The form screen's questions and the review list, refreshed from a :class:`kiosk.flow.FormCursor`."""

    def __init__(self, parent: QObject) -> None:
        self.fields = DictListModel(
            ["fieldId", "type", "label", "hint", "required", "value", "values", "checked", "error",
             "choices", "keypad", "negative", "sensitive", "displayValue", "readOnly", "raw", "steps"], parent)
        self.review = DictListModel(["page", "fieldId", "label", "value", "plain", "masked"], parent)

    def refresh(self, cursor: FormCursor, form: Any, lang: str, *, reset: bool = False) -> None:
        """New rows for the step; the same questions are updated in place so an input keeps its focus."""
        rows = cursor.field_rows(form, lang)
        if rows is None:
            self.fields.clear()
        elif reset or [r["fieldId"] for r in self.fields.rows()] != [r["fieldId"] for r in rows]:
            self.fields.set_rows(rows)
        else:
            self.fields.update_rows(rows)

    def clear(self) -> None:
        self.fields.clear()
        self.review.clear()
