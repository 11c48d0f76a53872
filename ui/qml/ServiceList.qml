pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import Kiosk.Backend

ListView {
    id: list
    required property Theme theme
    required property KioskBackend backend
    spacing: theme.gap
    clip: true
    model: backend.services
    delegate: AbstractButton {
        id: row
        required property string serviceId
        required property string name
        required property string summary
        required property bool hasForm
        objectName: "service_" + serviceId
        width: ListView.view.width
        height: Math.max(list.theme.target * 1.3, inner.implicitHeight + list.theme.gap * 2)
        focusPolicy: Qt.NoFocus
        onClicked: list.backend.openService(serviceId)
        background: Rectangle {
            radius: list.theme.radius
            color: row.down ? list.theme.border : list.theme.surface
            border.color: list.theme.border
            border.width: 2
        }
        contentItem: Column {
            id: inner
            leftPadding: list.theme.gap
            rightPadding: list.theme.gap
            spacing: list.theme.gap / 3
            anchors.verticalCenter: parent.verticalCenter
            Text {
                width: row.width - list.theme.gap * 2
                text: row.name
                font.pixelSize: list.theme.body * 1.1
                font.bold: true
                color: list.theme.text
                wrapMode: Text.WordWrap
            }
            Text {
                width: row.width - list.theme.gap * 2
                text: row.summary
                font.pixelSize: list.theme.small
                color: list.theme.muted
                wrapMode: Text.WordWrap
                maximumLineCount: 2
                elide: Text.ElideRight
            }
        }
    }
}
