pragma ComponentBehavior: Bound
import QtQuick
import Kiosk.Backend

// One paper of the service under the document camera: live preview with the page's outline, the shutter,
// what was wrong with a refused photo, the pages taken (each with retake and delete), then on.
Item {
    id: screen
    required property Theme theme
    required property KioskBackend backend
    required property MaterialsBackend materials
    readonly property var step: materials.step
    readonly property bool wide: theme.landscape  // landscape: the preview on the left, the rest on the right

    ScreenTitle {
        id: title
        theme: screen.theme
        x: screen.theme.margin
        y: screen.theme.margin / 2
        width: screen.width - screen.theme.margin * 2
        text: qsTr("Photograph your papers (%1 of %2)").arg((screen.step.index || 0) + 1).arg(screen.step.count || 1)
        subtitle: (screen.step.name || "") + "  ·  " + (screen.step.required ? qsTr("Required") : qsTr("Optional, if you have it"))
    }

    Rectangle {
        id: previewBox
        objectName: "docPreview"
        x: screen.theme.margin
        y: title.y + title.height + screen.theme.gap / 2
        width: screen.wide ? (screen.width - screen.theme.margin * 2 - screen.theme.gap) * 0.5
                           : screen.width - screen.theme.margin * 2
        height: screen.wide ? actions.y - y - screen.theme.gap / 2 : Math.min(width * 0.75, screen.height * 0.36)
        radius: screen.theme.radius
        color: screen.theme.black
        clip: true
        Image {
            id: preview
            anchors.fill: parent
            fillMode: Image.PreserveAspectFit
            cache: false
            asynchronous: false
            source: screen.materials.cameraOnline ? screen.materials.previewSource : ""
        }
        Canvas {  // the page's outline as the camera sees it now
            id: outline
            objectName: "docOutline"
            anchors.fill: parent
            readonly property var points: screen.materials.previewOutline
            onPointsChanged: requestPaint()
            onPaint: {
                const ctx = getContext("2d")
                ctx.reset()
                if (points.length !== 8 || preview.paintedWidth <= 0)
                    return
                const x0 = (width - preview.paintedWidth) / 2, y0 = (height - preview.paintedHeight) / 2
                ctx.strokeStyle = screen.theme.ok
                ctx.lineWidth = 6
                ctx.beginPath()
                for (let i = 0; i < 4; i++) {
                    const x = x0 + points[2 * i] * preview.paintedWidth, y = y0 + points[2 * i + 1] * preview.paintedHeight
                    if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y)
                }
                ctx.closePath()
                ctx.stroke()
            }
        }
        Text {
            anchors.centerIn: parent
            width: parent.width * 0.8
            visible: !screen.materials.cameraOnline
            text: qsTr("The camera is not available.")
            color: screen.theme.white
            font.pixelSize: screen.theme.body
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
        }
    }

    Flickable {  // the controls and the pages; they scroll when large text leaves them too little room
        id: side
        objectName: "materialsSide"
        x: screen.wide ? previewBox.x + previewBox.width + screen.theme.gap : screen.theme.margin
        y: screen.wide ? previewBox.y : previewBox.y + previewBox.height + screen.theme.gap / 2
        width: screen.width - x - screen.theme.margin
        height: Math.max(0, actions.y - y - screen.theme.gap / 2)
        contentHeight: pageList.y + pageList.height
        clip: true
        boundsBehavior: Flickable.StopAtBounds
        Connections {  // a verdict is read where it is: scrolled to when the room is short
            target: screen.materials
            function onShot() { side.contentY = Math.max(0, Math.min(verdict.y, side.contentHeight - side.height)) }
        }
        Column {
            id: middle
            width: side.width
            spacing: screen.theme.gap / 2
            Text {
                visible: !(screen.wide && screen.theme.large)  // no room beside the preview: the voice says it
                width: parent.width
                text: qsTr("Lay the paper flat under the camera with all four corners showing, then press \"Take photo\". One photo for each page.")
                font.pixelSize: screen.theme.small
                color: screen.theme.muted
                wrapMode: Text.WordWrap
            }
            BigButton {
                objectName: "shutterButton"
                theme: screen.theme
                iconName: "camera"
                enabled: screen.materials.cameraOnline && !screen.step.full
                width: parent.width
                text: screen.step.replacing >= 0 ? qsTr("Take page %1 again").arg(screen.step.replacing + 1)
                      : (screen.step.pageCount > 0 ? qsTr("Take photo of the next page") : qsTr("Take photo"))
                onClicked: screen.materials.shutter()
            }
            Banner {
                id: verdict
                objectName: "docMessage"
                theme: screen.theme
                visible: screen.materials.message !== ""
                kind: screen.materials.accepted ? "ok" : "warn"
                text: screen.materials.message
            }
        }
        ListView {
            id: pageList
            objectName: "pageList"
            y: middle.height + screen.theme.gap / 2
            width: side.width
            height: Math.max(screen.theme.target * 3.2, side.height - y)
            orientation: ListView.Horizontal
            spacing: screen.theme.gap
            clip: true
            model: screen.materials.pages
            delegate: Rectangle {
                id: pageCard
                required property int index
                required property string source
                required property bool replacing
                objectName: "page_" + index
                width: Math.max(screen.theme.target * 3, height * 0.62)
                height: pageList.height
                radius: screen.theme.radius
                color: screen.theme.surface
                border.width: 3
                border.color: replacing ? screen.theme.accent : screen.theme.border
                Text {
                    id: pageLabel
                    anchors { top: parent.top; horizontalCenter: parent.horizontalCenter; topMargin: screen.theme.gap / 3 }
                    text: qsTr("Page %1").arg(pageCard.index + 1)
                    font.pixelSize: screen.theme.small
                    font.bold: true
                    color: screen.theme.text
                }
                Image {
                    anchors { left: parent.left; right: parent.right; top: pageLabel.bottom; bottom: pageButtons.top
                              margins: screen.theme.gap / 3 }
                    fillMode: Image.PreserveAspectFit
                    cache: false
                    sourceSize.height: 480
                    source: pageCard.source
                }
                Row {
                    id: pageButtons
                    anchors { left: parent.left; right: parent.right; bottom: parent.bottom; margins: screen.theme.gap / 3 }
                    spacing: screen.theme.gap / 4
                    BigButton {
                        objectName: "retakePage_" + pageCard.index
                        theme: screen.theme
                        primary: false
                        width: (parent.width - parent.spacing) / 2
                        height: screen.theme.target * 0.75
                        text: qsTr("Retake")
                        onClicked: screen.materials.retakePage(pageCard.index)
                    }
                    BigButton {
                        objectName: "deletePage_" + pageCard.index
                        theme: screen.theme
                        primary: false
                        width: (parent.width - parent.spacing) / 2
                        height: screen.theme.target * 0.75
                        text: qsTr("Delete")
                        onClicked: screen.materials.deletePage(pageCard.index)
                    }
                }
            }
        }
    }

    Rectangle {
        id: actions
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
        height: actionRow.implicitHeight + screen.theme.gap * 2
        color: screen.theme.bg
        Row {
            id: actionRow
            anchors.centerIn: parent
            spacing: screen.theme.gap
            BigButton {
                objectName: "counterButton"
                theme: screen.theme
                primary: false
                width: (screen.width - screen.theme.margin * 2 - screen.theme.gap) * 0.45
                text: qsTr("I will bring it to the counter")
                onClicked: screen.materials.bringToCounter()
            }
            BigButton {
                objectName: "materialNextButton"
                theme: screen.theme
                enabled: screen.step.canContinue === true
                width: (screen.width - screen.theme.margin * 2 - screen.theme.gap) * 0.55
                text: screen.step.pageCount > 0 || screen.step.required
                      ? (screen.step.last ? qsTr("Check my application") : qsTr("Next paper"))
                      : qsTr("Skip, I do not have it")
                onClicked: screen.materials.next()
            }
        }
    }
}
