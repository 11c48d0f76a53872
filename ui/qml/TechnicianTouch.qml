import QtQuick
import Kiosk.Technician

// Touch screen test: tap every target; touches that land between targets are recorded as misses.
Rectangle {
    id: page
    required property Theme theme
    required property TechnicianBackend tech
    objectName: "techTouch"
    color: "white"
    property int cols: 4
    property int rows: 6
    property int hits: 0
    property int misses: 0
    property var hit: []

    MouseArea {
        objectName: "touchBackground"
        anchors.fill: parent
        onPressed: page.misses += 1
    }
    Text {
        anchors { top: parent.top; horizontalCenter: parent.horizontalCenter; topMargin: page.theme.gap / 4 }
        text: qsTr("Tap every circle. Hit %1 of %2, missed %3").arg(page.hits).arg(page.cols * page.rows).arg(page.misses)
        font.pixelSize: page.theme.small
        z: 2
    }
    Repeater {
        model: page.cols * page.rows
        Rectangle {
            required property int index
            objectName: "touchTarget_" + index
            property bool done: page.hit.indexOf(index) >= 0
            width: Math.min(page.width / page.cols, page.height / page.rows) * 0.45
            height: width
            radius: width / 2
            x: (index % page.cols + 0.5) * page.width / page.cols - width / 2
            y: (Math.floor(index / page.cols) + 0.5) * page.height / page.rows - height / 2
            color: done ? "#1B7F3B" : "#0B4F9C"
            border.width: 4
            border.color: "#111827"
            MouseArea {
                anchors.fill: parent
                onPressed: {
                    if (!parent.done) { page.hit = page.hit.concat([parent.index]); page.hits += 1 }
                    if (page.hits === page.cols * page.rows) page.tech.touchResult(page.cols * page.rows, page.hits, page.misses)
                }
            }
        }
    }
    TechButton {
        objectName: "touchDone"
        theme: page.theme
        text: qsTr("Finish test")
        anchors { bottom: parent.bottom; horizontalCenter: parent.horizontalCenter; bottomMargin: page.theme.gap / 4 }
        z: 2
        onClicked: { page.tech.touchResult(page.cols * page.rows, page.hits, page.misses); page.tech.showPage("tests") }
    }
}
