import QtQuick
import QtQuick.Controls

AbstractButton {
    id: tile
    required property Theme theme
    property string iconName: ""
    property string subtitle: ""
    property color tint: theme.primary
    focusPolicy: Qt.NoFocus
    background: Rectangle {
        radius: tile.theme.radius
        color: tile.down ? Qt.darker(tile.tint, 1.25) : tile.tint
    }
    contentItem: Column {
        spacing: tile.theme.gap / 2
        anchors.centerIn: parent
        width: tile.width - tile.theme.gap * 2
        Icon {
            anchors.horizontalCenter: parent.horizontalCenter
            name: tile.iconName
            visible: tile.iconName !== ""
            size: Math.min(tile.height * 0.36, tile.theme.target)
            tint: tile.theme.contrast ? Theme.black : Theme.white
        }
        Text {
            width: parent.width
            text: tile.text
            color: tile.theme.contrast ? Theme.black : Theme.white
            font.pixelSize: tile.theme.body * 1.1
            font.bold: true
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            maximumLineCount: 2
            elide: Text.ElideRight
        }
        Text {
            width: parent.width
            visible: tile.subtitle !== ""
            text: tile.subtitle
            color: tile.theme.contrast ? Theme.black : Theme.tileSubtitle
            font.pixelSize: tile.theme.small
            horizontalAlignment: Text.AlignHCenter
        }
    }
}
