import QtQuick

// A message with an icon and words (never colour alone): kind is "error", "warn" or "ok".
Rectangle {
    id: banner
    required property Theme theme
    property string kind: "error"
    property string text: ""
    width: parent ? parent.width : 0
    height: row.implicitHeight + theme.gap * 1.5
    radius: theme.radius
    color: kind === "ok" ? theme.surface : kind === "warn" ? theme.warnBg : theme.errorBg
    border.width: 3
    border.color: kind === "ok" ? theme.ok : kind === "warn" ? theme.warn : theme.error
    Row {
        id: row
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.verticalCenter: parent.verticalCenter
        anchors.margins: banner.theme.gap
        spacing: banner.theme.gap / 2
        Icon {
            name: banner.kind === "ok" ? "check" : "warning"
            size: banner.theme.body * 1.3
            tint: banner.kind === "ok" ? banner.theme.ok : banner.kind === "warn" ? banner.theme.warn : banner.theme.error
        }
        Text {
            width: parent.width - banner.theme.body * 1.3 - banner.theme.gap / 2
            text: banner.text
            font.pixelSize: banner.theme.body
            color: banner.theme.text
            wrapMode: Text.WordWrap
        }
    }
}
