pragma ComponentBehavior: Bound
import QtQuick
import Kiosk.Technician

// Touch screen test over the whole screen: targets from edge to edge (the corners and the top strip too);
// touches between targets are misses; the result names the targets never reached (row and column).
Rectangle {
    id: page
    required property Theme theme
    required property TechnicianBackend tech
    objectName: "techTouch"
    color: Theme.white
    property int cols: 4
    property int rows: 6
    property int hits: 0
    property int misses: 0
    property var hit: []
    property real size: Math.min(width / cols, height / rows) * 0.45

    function missing() {
        var out = []
        for (var i = 0; i < cols * rows; ++i)
            if (hit.indexOf(i) < 0) out.push("r" + (Math.floor(i / cols) + 1) + "c" + (i % cols + 1))
        return out
    }
    function finish() { page.tech.touchFinished(page.cols * page.rows, page.hits, page.misses, page.missing()) }

    MouseArea {
        objectName: "touchBackground"
        anchors.fill: parent
        onPressed: page.misses += 1
    }
    Repeater {
        model: page.cols * page.rows
        Rectangle {
            required property int index
            objectName: "touchTarget_" + index
            property bool done: page.hit.indexOf(index) >= 0
            width: page.size
            height: width
            radius: width / 2
            x: (index % page.cols) * (page.width - width) / (page.cols - 1)
            y: Math.floor(index / page.cols) * (page.height - height) / (page.rows - 1)
            color: done ? Theme.techOk : Theme.techAccent
            border.width: 4
            border.color: Theme.techInk
            MouseArea {
                anchors.fill: parent
                onPressed: {
                    if (!parent.done) { page.hit = page.hit.concat([parent.index]); page.hits += 1 }
                    if (page.hits === page.cols * page.rows) page.finish()
                }
            }
        }
    }
    Column {  // in the middle, between the targets
        anchors.centerIn: parent
        spacing: page.theme.gap / 2
        z: 2
        Text {
            anchors.horizontalCenter: parent.horizontalCenter
            text: qsTr("Tap every circle. Hit %1 of %2, missed %3").arg(page.hits).arg(page.cols * page.rows).arg(page.misses)
            font.pixelSize: page.theme.small
        }
        TechButton {
            objectName: "touchDone"
            anchors.horizontalCenter: parent.horizontalCenter
            theme: page.theme
            text: qsTr("Finish test")
            onClicked: { page.finish(); page.tech.showPage("tests") }
        }
    }
}
