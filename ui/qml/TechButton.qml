import QtQuick
import QtQuick.Controls

// A compact button for the technician screens (staff, not residents: denser than BigButton).
AbstractButton {
    id: control
    required property Theme theme
    property bool danger: false
    implicitHeight: Math.round(theme.target * 0.62)
    implicitWidth: Math.max(theme.target * 1.2, label.implicitWidth + theme.gap * 1.5)
    focusPolicy: Qt.NoFocus
    opacity: enabled ? 1.0 : 0.45
    background: Rectangle {
        radius: 10
        color: control.checked ? Theme.techAccent : control.danger ? (control.down ? Theme.techFailPressed : Theme.techFail)
               : (control.down ? Theme.techLine : Theme.white)
        border.width: control.checked || control.danger ? 0 : 2
        border.color: Theme.techAccent
    }
    contentItem: Text {
        id: label
        text: control.text
        font.pixelSize: control.theme.small
        font.bold: true
        color: control.checked || control.danger ? Theme.white : Theme.techAccent
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
    }
}
