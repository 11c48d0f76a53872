pragma ComponentBehavior: Bound
import QtQuick
import Kiosk.Backend

// Under the answers on the review: each paper of the service with the pages photographed of it (thumbnails),
// or that it will be brought to the counter.
Column {
    id: box
    required property Theme theme
    property MaterialsBackend materials: null
    visible: materials !== null && materials.review.count > 0
    height: visible ? implicitHeight : 0
    topPadding: theme.gap
    spacing: theme.gap / 2
    Text {
        width: box.width
        text: qsTr("Your papers")
        font.pixelSize: box.theme.body
        font.bold: true
        color: box.theme.text
    }
    Repeater {
        model: box.materials ? box.materials.review : null
        delegate: Rectangle {
            id: paper
            required property string materialId
            required property string name
            required property string status
            required property var sources
            objectName: "reviewPages_" + materialId
            width: box.width
            height: paperCol.implicitHeight + box.theme.gap
            radius: 10
            color: box.theme.surface
            border.color: box.theme.border
            Column {
                id: paperCol
                anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter; margins: box.theme.gap }
                spacing: box.theme.gap / 3
                Text {
                    width: parent.width
                    text: paper.name
                    font.pixelSize: box.theme.small
                    color: box.theme.muted
                    wrapMode: Text.WordWrap
                }
                Text {
                    width: parent.width
                    text: paper.status === "captured" ? qsTr("%n page(s) photographed", "", paper.sources.length)
                          : paper.status === "counter" ? qsTr("You will bring it to the counter")
                          : qsTr("Not needed: you do not have it")
                    font.pixelSize: box.theme.body
                    color: box.theme.text
                    wrapMode: Text.WordWrap
                }
                Row {
                    visible: paper.sources.length > 0
                    spacing: box.theme.gap / 2
                    Repeater {
                        model: paper.sources
                        delegate: Image {
                            required property string modelData
                            height: box.theme.target * 1.6
                            width: height * 0.72
                            fillMode: Image.PreserveAspectFit
                            cache: false
                            sourceSize.height: 320
                            source: modelData
                        }
                    }
                }
            }
        }
    }
}
