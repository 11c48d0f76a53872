import QtQuick
import QtQuick.Controls

// A large touch target that answers on press (ux.md: every touch answers within one frame).
AbstractButton {
    id: control
    required property Theme theme
    property bool primary: true
    property string iconName: ""
    implicitHeight: theme.target
    implicitWidth: Math.max(theme.target * 2.2, row.implicitWidth + theme.gap * 2)
    focusPolicy: Qt.NoFocus
    opacity: enabled ? 1.0 : 0.45
    background: Rectangle {
        radius: control.theme.radius
        color: control.primary ? (control.down ? control.theme.primaryPressed : control.theme.primary)
               : (control.down ? control.theme.border : control.theme.surface)
        border.width: control.primary ? 0 : 3
        border.color: control.theme.primary
    }
    contentItem: Item {
        implicitWidth: row.implicitWidth
        implicitHeight: row.implicitHeight
        Row {
            id: row
            anchors.centerIn: parent
            spacing: control.theme.gap / 2
            Icon {
                visible: control.iconName !== ""
                name: control.iconName
                size: control.theme.body * 1.2
                tint: control.primary ? control.theme.textOnPrimary : control.theme.primary
                anchors.verticalCenter: parent.verticalCenter
            }
            Text {
                text: control.text
                font.pixelSize: control.theme.body
                font.bold: true
                color: control.primary ? control.theme.textOnPrimary : control.theme.primary
                anchors.verticalCenter: parent.verticalCenter
            }
        }
    }
}
