pragma ComponentBehavior: Bound
import QtQuick
import Kiosk.Technician

// The one catalogue of technician codes (terminal/diag/codes.py): meaning, likely cause, next step, spare part,
// in the screen's language; the same text as `kiosk diag codes` and docs/technician.md.
Item {
    id: page
    required property Theme theme
    required property TechnicianBackend tech
    required property bool zh
    objectName: "techCodes"

    ListView {
        anchors.fill: parent
        clip: true
        spacing: page.theme.gap / 4
        model: page.tech.codes
        delegate: Rectangle {
            id: codeCard
            required property var modelData
            objectName: "techCode_" + modelData.code
            width: ListView.view.width
            height: col.implicitHeight + page.theme.gap / 2
            radius: 8
            color: Theme.white
            border.width: modelData.blocks_service ? 3 : 1
            border.color: modelData.blocks_service ? Theme.techFail : Theme.techLine
            Column {
                id: col
                anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter; margins: page.theme.gap / 2 }
                Text {
                    width: parent.width
                    text: codeCard.modelData.code + "  ·  " + (page.zh ? codeCard.modelData.meaning_zh : codeCard.modelData.meaning_en)
                          + (codeCard.modelData.blocks_service ? "  ·  " + qsTr("stops service") : "")
                    font.pixelSize: page.theme.small * 0.85
                    font.bold: true
                    color: Theme.techInk
                    wrapMode: Text.WordWrap
                }
                Text {
                    width: parent.width
                    visible: codeCard.modelData.cause_en !== ""
                    text: qsTr("Likely cause: %1").arg(page.zh ? codeCard.modelData.cause_zh : codeCard.modelData.cause_en)
                    font.pixelSize: page.theme.small * 0.75
                    color: Theme.techBody
                    wrapMode: Text.WordWrap
                }
                Text {
                    width: parent.width
                    text: qsTr("Next step: %1").arg(page.zh ? codeCard.modelData.action_zh : codeCard.modelData.action_en)
                          + (codeCard.modelData.part_en !== "" ? "  " + qsTr("Spare part: %1").arg(page.zh ? codeCard.modelData.part_zh : codeCard.modelData.part_en) : "")
                    font.pixelSize: page.theme.small * 0.75
                    color: Theme.techAccent
                    wrapMode: Text.WordWrap
                }
            }
        }
    }
}
