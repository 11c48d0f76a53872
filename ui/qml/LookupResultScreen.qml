pragma ComponentBehavior: Bound
import QtQuick
import Kiosk.Backend

Item {
    id: screen
    required property Theme theme
    required property KioskBackend backend
    required property LookupBackend lookup
    function statusText(code) {
        switch (code) {
        case "pending": return qsTr("Submitted; on its way to the office")
        case "received": return qsTr("Received by the office")
        case "accepted": return qsTr("Accepted; being processed")
        case "needs_info": return qsTr("More information needed: please come to the counter")
        case "needs_retake": return qsTr("Some of your papers need a new photo: please bring them to the counter")
        case "approved": return qsTr("Approved")
        case "rejected": return qsTr("Not approved: please ask at the counter why")
        case "ready_for_pickup": return qsTr("Ready: please collect it at the counter")
        }
        return code
    }
    ScreenTitle {
        id: title
        theme: screen.theme
        x: screen.theme.margin
        y: screen.theme.margin
        width: screen.width - screen.theme.margin * 2
        text: qsTr("Progress of your applications")
    }
    Banner {
        id: none
        objectName: "lookupNotFound"
        theme: screen.theme
        kind: "warn"
        visible: screen.lookup.lookupState === "not_found"
        anchors { left: parent.left; right: parent.right; top: title.bottom; margins: screen.theme.margin }
        text: qsTr("We found no application for this. If you applied recently at another place, ask staff at the counter.")
    }
    Banner {
        id: certBanner
        objectName: "certificateMessage"
        theme: screen.theme
        z: 2
        visible: screen.lookup.certificateState !== ""
        kind: screen.lookup.certificateState === "printed" ? "ok" : "warn"
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom; margins: screen.theme.margin }
        text: screen.lookup.certificateState === "printed" ? qsTr("Your certificate is printing on the A4 printer. Please take it from the tray.")
            : screen.lookup.certificateState === "offline" ? qsTr("The document printer is not available right now. Please collect the certificate at the counter.")
            : qsTr("The certificate could not be printed. Please collect it at the counter.")
    }
    ListView {
        objectName: "lookupList"
        anchors { left: parent.left; right: parent.right; top: title.bottom; bottom: parent.bottom; margins: screen.theme.margin }
        spacing: screen.theme.gap
        clip: true
        model: screen.lookup.lookups
        delegate: Rectangle {
            id: row
            required property string tracking
            required property string trackingPretty
            required property string service
            required property string status
            required property string updated
            required property bool certificate
            width: ListView.view.width
            height: rc.implicitHeight + screen.theme.gap * 2
            radius: screen.theme.radius
            color: screen.theme.surface
            border.color: screen.theme.border
            border.width: 2
            Column {
                id: rc
                anchors { left: parent.left; right: parent.right; top: parent.top; margins: screen.theme.gap }
                spacing: screen.theme.gap / 3
                Text { width: parent.width; text: row.service; font.pixelSize: screen.theme.body; font.bold: true; color: screen.theme.text; wrapMode: Text.WordWrap }
                Text { text: qsTr("Tracking number") + ": " + row.trackingPretty; font.pixelSize: screen.theme.small; color: screen.theme.muted }
                Text { objectName: "lookupStatus"; width: parent.width; text: screen.statusText(row.status); font.pixelSize: screen.theme.body; color: screen.theme.primary; wrapMode: Text.WordWrap }
                Text { text: qsTr("Last update") + ": " + row.updated; font.pixelSize: screen.theme.small; color: screen.theme.muted }
                BigButton {
                    objectName: "printCertificate_" + row.tracking
                    visible: row.certificate
                    theme: screen.theme
                    iconName: "printer"
                    text: screen.backend.identified ? qsTr("Print my certificate") : qsTr("Use your ID card to print the certificate")
                    width: parent.width
                    onClicked: screen.backend.identified ? screen.lookup.printCertificate(row.tracking) : screen.lookup.lookupByCard()
                }
            }
        }
    }
}
