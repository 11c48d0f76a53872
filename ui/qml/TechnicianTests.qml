pragma ComponentBehavior: Bound
import QtQuick
import Kiosk.Technician

// One self-test per device; the last result per device with its time; the print confirmation.
Item {
    id: page
    required property Theme theme
    required property TechnicianBackend tech
    required property var ui
    objectName: "techTests"
    property var last: tech.lastTest

    function fieldName(k) {
        switch (k) {
        case "name": return qsTr("Name (masked)")
        case "id_number": return qsTr("ID number (masked)")
        case "sex": return qsTr("Sex code")
        case "valid_to": return qsTr("Valid until")
        }
        return k
    }

    Flickable {
        anchors.fill: parent
        contentHeight: col.implicitHeight
        clip: true
        Column {
            id: col
            width: parent.width
            spacing: page.theme.gap / 2
            Flow {
                width: parent.width
                spacing: page.theme.gap / 3
                Repeater {
                    model: ["idcard", "pcsc", "printer", "cups", "network", "sync", "storage"]
                    TechButton {
                        required property string modelData
                        objectName: "techTest_" + modelData
                        theme: page.theme
                        text: page.ui.componentName(modelData)
                        enabled: !page.tech.busy
                        onClicked: page.tech.runTest(modelData)
                    }
                }
                TechButton {
                    objectName: "techTest_touchscreen"
                    theme: page.theme
                    text: page.ui.componentName("touchscreen")
                    onClicked: page.tech.showPage("touch")
                }
            }
            Rectangle {
                objectName: "techLastTest"
                visible: page.last.device !== undefined
                width: parent.width
                height: lastCol.implicitHeight + page.theme.gap
                radius: 10
                color: Theme.white
                border.width: 3
                border.color: page.ui.statusColor(page.last.status || "")
                Column {
                    id: lastCol
                    anchors { left: parent.left; right: parent.right; top: parent.top; margins: page.theme.gap / 2 }
                    spacing: page.theme.gap / 4
                    Text {
                        width: parent.width
                        text: page.ui.componentName(page.last.device || "") + " — " + page.ui.statusWord(page.last.status || "")
                        font.pixelSize: page.theme.body * 0.8
                        font.bold: true
                        color: page.ui.statusColor(page.last.status || "")
                    }
                    Text {
                        objectName: "techLastDetail"
                        width: parent.width
                        text: page.last.detail || ""
                        font.pixelSize: page.theme.small * 0.85
                        wrapMode: Text.WordWrap
                    }
                    Repeater {  // masked fields of a test card read
                        model: page.last.data && page.last.data.card ? Object.keys(page.last.data.card) : []
                        Text {
                            required property string modelData
                            text: page.fieldName(modelData) + ": " + page.last.data.card[modelData]
                            font.pixelSize: page.theme.small * 0.85
                        }
                    }
                    Row {
                        visible: page.tech.awaitingConfirm !== ""
                        spacing: page.theme.gap / 2
                        Text {
                            text: qsTr("Did it print correctly?")
                            font.pixelSize: page.theme.body * 0.8
                            font.bold: true
                            anchors.verticalCenter: parent.verticalCenter
                        }
                        TechButton { objectName: "techPrintedYes"; theme: page.theme; text: qsTr("Yes"); onClicked: page.tech.confirmPrint(true) }
                        TechButton { objectName: "techPrintedNo"; theme: page.theme; danger: true; text: qsTr("No"); onClicked: page.tech.confirmPrint(false) }
                    }
                    Row {
                        visible: page.last.device === "sync"
                        spacing: page.theme.gap / 2
                        TechButton { objectName: "techForceSync"; theme: page.theme; text: qsTr("Sync now"); onClicked: page.tech.forceSync() }
                        TechButton { objectName: "techRetryQuarantined"; theme: page.theme; text: qsTr("Retry quarantined items"); onClicked: page.tech.retryQuarantined() }
                    }
                    Repeater {  // quarantined items with their error
                        model: page.last.device === "sync" && page.last.data ? (page.last.data.items || []) : []
                        Text {
                            required property var modelData
                            width: lastCol.width
                            text: modelData.kind + " " + modelData.id + " · " + modelData.created_at + " · " + modelData.reason
                            font.pixelSize: page.theme.small * 0.75
                            wrapMode: Text.WordWrap
                        }
                    }
                }
            }
            Text {
                text: qsTr("Last results")
                font.pixelSize: page.theme.body * 0.8
                font.bold: true
            }
            Repeater {
                model: Object.keys(page.tech.tests).sort()
                Text {
                    required property string modelData
                    objectName: "techResult_" + modelData
                    width: col.width
                    property var r: page.tech.tests[modelData]
                    text: page.ui.componentName(modelData) + ": " + page.ui.statusWord(r.status) + " · "
                          + (r.at || "").replace("T", " ").substring(0, 16) + " · " + r.detail
                    color: page.ui.statusColor(r.status)
                    font.pixelSize: page.theme.small * 0.8
                    wrapMode: Text.WordWrap
                }
            }
        }
    }
}
