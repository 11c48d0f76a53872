import QtQuick
import Kiosk.Backend

Item {
    id: screen
    required property Theme theme
    required property KioskBackend backend
    readonly property var n: backend.notice
    Flickable {
        anchors.fill: parent
        contentHeight: col.implicitHeight + screen.theme.margin * 2
        clip: true
        Column {
            id: col
            x: screen.theme.margin
            y: screen.theme.margin
            width: screen.width - screen.theme.margin * 2
            spacing: screen.theme.gap
            ScreenTitle { theme: screen.theme; text: screen.n.title || ""; subtitle: screen.n.date || "" }
            Text {
                width: parent.width
                text: screen.n.body || ""
                font.pixelSize: screen.theme.body * 1.1
                lineHeight: 1.3
                color: screen.theme.text
                wrapMode: Text.WordWrap
                textFormat: Text.PlainText
            }
        }
    }
}
