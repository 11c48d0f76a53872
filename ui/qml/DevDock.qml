pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import Kiosk.Backend
import Kiosk.DevDock

// Demo only: place or remove a simulated ID card, run out of paper, unplug the reader, choose what the
// face camera sees, change the paper under the document camera.
Rectangle {
    id: dock
    required property Theme theme
    required property KioskBackend backend
    required property DevDockBackend simulators
    property bool open: false
    property string scene: "holder"  // what the simulated face camera shows
    readonly property var sceneLabels: ({ holder: "Card holder", someone_else: "Someone else", no_one: "No one", printed_photo: "Printed photo" })
    width: open ? 420 : 64
    height: open ? content.implicitHeight + 32 : 180
    radius: 12
    color: Theme.devDockBg
    opacity: 0.94
    AbstractButton {
        objectName: "devDockToggle"
        width: 64; height: 180
        visible: !dock.open
        onClicked: dock.open = true
        contentItem: Text { text: "DEV"; color: Theme.white; font.pixelSize: 22; rotation: -90; horizontalAlignment: Text.AlignHCenter; verticalAlignment: Text.AlignVCenter }
        background: Item {}
    }
    Column {
        id: content
        visible: dock.open
        x: 16; y: 16
        width: dock.width - 32
        spacing: 8
        Row {
            width: parent.width
            Text { text: "Simulated devices (demo)"; color: Theme.white; font.pixelSize: 22; width: parent.width - 56 }
            Button { objectName: "dev_close"; text: "×"; width: 48; onClicked: dock.open = false }
        }
        Text { text: "ID card reader"; color: Theme.devDockLabel; font.pixelSize: 18 }
        Repeater {
            model: dock.simulators.sampleCards
            delegate: Button {
                required property string key
                required property string label
                objectName: "dev_place_" + key
                width: content.width
                text: label
                onClicked: dock.simulators.devPlaceCard(key)
            }
        }
        Button { objectName: "dev_remove"; width: content.width; text: "Remove card"; onClicked: dock.simulators.devRemoveCard() }
        Button { width: content.width; text: "Reader unplugged"; onClicked: dock.simulators.devSetReader("unplugged") }
        Button { width: content.width; text: "Reader silent"; onClicked: dock.simulators.devSetReader("silent") }
        Button { width: content.width; text: "Reader back"; onClicked: dock.simulators.devSetReader("ok") }
        Text { text: "Face camera (" + dock.sceneLabels[dock.scene] + ")"; color: Theme.devDockLabel; font.pixelSize: 18 }
        Grid {
            columns: 2
            spacing: 8
            Repeater {
                model: dock.simulators.cameraScenes
                delegate: Button {
                    required property string modelData
                    objectName: "dev_scene_" + modelData
                    width: (content.width - 8) / 2
                    text: dock.sceneLabels[modelData] || modelData
                    highlighted: dock.scene === modelData
                    onClicked: { dock.scene = modelData; dock.simulators.devSetCameraScene(modelData) }
                }
            }
        }
        Text { text: "QR scanner"; color: Theme.devDockLabel; font.pixelSize: 18 }
        Button { objectName: "dev_scan"; width: content.width; text: "Scan the last receipt"; onClicked: dock.simulators.devScanLastReceipt() }
        Text { text: "Receipt printer (paper: " + dock.backend.paper + ")"; color: Theme.devDockLabel; font.pixelSize: 18 }
        Row {
            spacing: 8
            Button { text: "Paper OK"; onClicked: dock.simulators.devSetPaper("ok") }
            Button { text: "Near end"; onClicked: dock.simulators.devSetPaper("near_end") }
            Button { objectName: "dev_paper_out"; text: "Out"; onClicked: dock.simulators.devSetPaper("out") }
        }
        Text { text: "Document camera"; color: Theme.devDockLabel; font.pixelSize: 18 }
        Row {
            spacing: 8
            Button { objectName: "dev_doc_next"; text: "Another paper"; onClicked: dock.simulators.devPlaceDocument("sharp") }
            Button { text: "Blurred"; onClicked: dock.simulators.devPlaceDocument("blurred") }
            Button { text: "Glare"; onClicked: dock.simulators.devPlaceDocument("glare") }
        }
    }
}
