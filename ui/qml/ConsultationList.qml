pragma ComponentBehavior: Bound
import QtQuick
import Kiosk.Consultation

// The open topics first, then closed ones with their results.
Item {
    id: page
    required property Theme theme
    required property ConsultationBackend consultation
    Flickable {
        anchors.fill: parent
        contentHeight: col.implicitHeight + page.theme.margin * 2
        clip: true
        Column {
            id: col
            x: page.theme.margin
            y: page.theme.margin
            width: page.width - page.theme.margin * 2
            spacing: page.theme.gap
            ScreenTitle {
                theme: page.theme
                text: qsTr("Community consultation")
                subtitle: qsTr("Topics the neighbourhood committee asks residents about. Tap one to read it, vote or give your opinion.")
            }
            Text {
                objectName: "consultationEmpty"
                visible: page.consultation.topics.length === 0
                width: parent.width
                wrapMode: Text.Wrap
                text: qsTr("There are no topics at the moment.")
                font.pixelSize: page.theme.body
                color: page.theme.muted
            }
            Repeater {
                model: page.consultation.topics
                delegate: AbstractButtonTile {
                    required property var modelData
                    objectName: "topic_" + modelData.topicId
                    theme: page.theme
                    width: col.width
                    title: modelData.title
                    detail: modelData.state === "open"
                            ? (modelData.closes ? qsTr("Open until %1").arg(modelData.closes) : qsTr("Open"))
                            : qsTr("Closed: see the results")
                    open: modelData.state === "open"
                    onClicked: page.consultation.openTopic(modelData.topicId)
                }
            }
            BigButton {
                objectName: "consultationClose"
                theme: page.theme
                primary: false
                width: parent.width
                text: qsTr("Back to services")
                onClicked: page.consultation.close()
            }
        }
    }

    component AbstractButtonTile: Rectangle {
        id: tile
        required property Theme theme
        property string title: ""
        property string detail: ""
        property bool open: true
        signal clicked()
        height: Math.max(theme.target * 1.3, texts.implicitHeight + theme.gap * 2)
        radius: theme.radius
        color: area.pressed ? theme.border : theme.surface
        border.color: open ? theme.primary : theme.border
        border.width: 3
        Column {
            id: texts
            anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter; margins: tile.theme.gap }
            spacing: tile.theme.gap / 3
            Text { width: parent.width; wrapMode: Text.Wrap; text: tile.title; font.pixelSize: tile.theme.body; font.bold: true; color: tile.theme.text }
            Text { width: parent.width; wrapMode: Text.Wrap; text: tile.detail; font.pixelSize: tile.theme.small; color: tile.open ? tile.theme.ok : tile.theme.muted }
        }
        MouseArea { id: area; anchors.fill: parent; onClicked: tile.clicked() }
    }
}
