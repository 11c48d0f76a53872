pragma ComponentBehavior: Bound
import QtQuick
import Kiosk.Backend

// Submitted: the receipt as printed (masked), its QR code, what happens next.
Item {
    id: screen
    required property Theme theme
    required property KioskBackend backend
    required property CommunityBackend community
    readonly property var r: backend.receipt
    // printed again and still nothing: nobody should have to ask twice, staff are called for them
    readonly property bool stillNotPrinted: !r.printed && (r.printTries || 0) > 1
    onStillNotPrintedChanged: if (stillNotPrinted && !community.staffCalled) community.callStaff()

    Flickable {
        anchors { left: parent.left; right: parent.right; top: parent.top; bottom: actions.top }
        contentHeight: col.implicitHeight + screen.theme.margin * 2
        clip: true
        Column {
            id: col
            x: screen.theme.margin
            y: screen.theme.margin
            width: screen.width - screen.theme.margin * 2
            spacing: screen.theme.gap
            Row {
                spacing: screen.theme.gap / 2
                Icon { name: "check"; size: screen.theme.title * 1.2; tint: screen.theme.ok }
                Text {
                    text: qsTr("Your application has been submitted")
                    font.pixelSize: screen.theme.title
                    font.bold: true
                    color: screen.theme.text
                    width: col.width - screen.theme.title * 1.5
                    wrapMode: Text.WordWrap
                }
            }
            Banner {
                objectName: "printStatus"
                theme: screen.theme
                kind: screen.r.printed ? "ok" : "warn"
                // what happened, that nothing is lost, and the way forward (no phone assumed)
                text: screen.r.printed ? qsTr("Your receipt has been printed. Please take it from the slot below.")
                      : screen.stillNotPrinted ? qsTr("Still not printed. Staff have been called and will bring your receipt. Your application is saved.")
                      : screen.r.printReason === "paper_out"
                        ? qsTr("The printer has run out of paper. Your application is saved. Write down the tracking number below, or ask staff to print your receipt. You can also check progress later with your ID card.")
                        : qsTr("The receipt could not be printed. Your application is saved. Write down the tracking number below, or ask staff to print your receipt. You can also check progress later with your ID card.")
            }
            Rectangle {
                objectName: "receiptCard"
                width: col.width
                height: card.implicitHeight + screen.theme.gap * 2
                radius: screen.theme.radius
                color: Theme.white
                border.color: screen.theme.border
                border.width: 2
                Row {
                    id: card
                    anchors { left: parent.left; right: parent.right; top: parent.top; margins: screen.theme.gap }
                    spacing: screen.theme.gap
                    Column {
                        width: parent.width - qr.width - screen.theme.gap
                        spacing: screen.theme.gap / 3
                        Repeater {
                            model: [
                                [qsTr("Service"), screen.r.service || ""],
                                [qsTr("Tracking number"), screen.r.trackingPretty || "", true],
                                [qsTr("Applicant"), screen.r.name || ""],
                                [qsTr("ID number"), screen.r.id || "", true],
                                [qsTr("Submitted"), screen.r.time || ""],
                                [qsTr("Where to go"), screen.r.counter || ""]
                            ]
                            delegate: Column {
                                id: entry
                                required property var modelData
                                width: parent.width
                                Text { text: entry.modelData[0]; font.pixelSize: screen.theme.small; color: Theme.inkMuted }
                                Text { objectName: "receipt_" + entry.modelData[0]; width: parent.width; text: entry.modelData[1]; font.pixelSize: screen.theme.body; font.bold: true; color: Theme.ink; wrapMode: Text.WordWrap
                                       // a number never breaks mid-group: it shrinks to its line instead (words wrap)
                                       fontSizeMode: width > 0 && entry.modelData[2] === true ? Text.HorizontalFit : Text.FixedSize
                                       minimumPixelSize: screen.theme.small }
                            }
                        }
                    }
                    Image {
                        id: qr
                        objectName: "receiptQr"
                        width: Math.min(col.width * 0.34, 360)
                        height: width
                        source: screen.r.qr ? "image://qr/" + encodeURIComponent(screen.r.qr) : ""
                        sourceSize.width: width
                        sourceSize.height: height
                        smooth: false
                    }
                }
            }
            Text { text: qsTr("What happens next"); font.pixelSize: screen.theme.body; font.bold: true; color: screen.theme.primary }
            Repeater {
                model: screen.r.nextSteps || []
                delegate: Text {
                    required property string modelData
                    required property int index
                    width: col.width
                    text: (index + 1) + ". " + modelData
                    font.pixelSize: screen.theme.body
                    color: screen.theme.text
                    wrapMode: Text.WordWrap
                }
            }
        }
    }
    Rectangle {
        id: actions
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
        height: screen.theme.target + screen.theme.gap * 2
        color: screen.theme.bg
        Row {
            id: actionRow
            readonly property int shown: 1 + (reprint.visible ? 1 : 0) + (callStaff.visible ? 1 : 0)
            readonly property real cell: (screen.width - screen.theme.margin * 2 - spacing * (shown - 1)) / shown
            anchors.centerIn: parent
            spacing: screen.theme.gap
            BigButton {
                id: reprint
                objectName: "reprintButton"
                theme: screen.theme
                primary: false
                iconName: "printer"
                visible: !screen.stillNotPrinted
                text: screen.r.printed ? qsTr("Print again") : qsTr("Try printing again")
                width: actionRow.cell
                onClicked: screen.backend.reprint()
            }
            BigButton {
                id: callStaff
                objectName: "receiptCallStaff"
                theme: screen.theme
                primary: false
                visible: !screen.r.printed && !screen.stillNotPrinted
                text: screen.community.staffCalled ? qsTr("Staff called") : qsTr("Call staff")
                width: actionRow.cell
                onClicked: screen.community.callStaff()
            }
            BigButton {
                objectName: "finishButton"
                theme: screen.theme
                width: actionRow.cell
                text: qsTr("Done")
                onClicked: screen.backend.finish()
            }
        }
    }
}
