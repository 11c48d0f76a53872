pragma ComponentBehavior: Bound
import QtQuick
import Kiosk.Technician

// Readiness report: every check in one run, printed on the receipt printer and queued for the hub.
Item {
    id: page
    required property Theme theme
    required property TechnicianBackend tech
    required property var ui
    objectName: "techReport"
    property var r: tech.report

    Column {
        anchors.fill: parent
        spacing: page.theme.gap / 2
        Text {
            width: parent.width
            text: qsTr("Runs every check, prints the report on the receipt printer and sends it to the platform.")
            font.pixelSize: page.theme.small
            wrapMode: Text.WordWrap
        }
        TechButton {
            objectName: "techRunReadiness"
            theme: page.theme
            text: qsTr("Run readiness report")
            enabled: !page.tech.busy
            onClicked: page.tech.runReadiness()
        }
        Text {
            objectName: "techReadinessSummary"
            visible: page.r.overall !== undefined
            width: parent.width
            text: qsTr("Overall: %1").arg(page.ui.statusWord(page.r.overall || "")) + "\n"
                  + (page.r.printed ? qsTr("Printed on the receipt printer.") : qsTr("Not printed: %1").arg(page.r.print_reason || ""))
                  + "\n" + (page.r.queued ? qsTr("Queued for upload to the platform.") : qsTr("Not queued for upload."))
            color: page.ui.statusColor(page.r.overall || "")
            font.pixelSize: page.theme.body * 0.8
            font.bold: true
            wrapMode: Text.WordWrap
        }
        Repeater {
            model: page.r.components || []
            Text {
                required property var modelData
                width: page.width
                text: "● " + page.ui.componentName(modelData.name) + ": " + page.ui.statusWord(modelData.status) + " — " + modelData.detail
                color: page.ui.statusColor(modelData.status)
                font.pixelSize: page.theme.small * 0.8
                wrapMode: Text.WordWrap
            }
        }
    }
}
