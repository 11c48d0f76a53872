import QtQuick
import Kiosk.Backend

// What the service is, who may apply, what to bring, where and when; then "apply here".
Item {
    id: screen
    required property Theme theme
    required property KioskBackend backend
    readonly property var svc: backend.service

    Flickable {
        id: flick
        anchors { left: parent.left; right: parent.right; top: parent.top; bottom: actions.top }
        contentHeight: col.implicitHeight + screen.theme.margin * 2
        clip: true
        Column {
            id: col
            x: screen.theme.margin
            y: screen.theme.margin
            width: screen.width - screen.theme.margin * 2
            spacing: screen.theme.gap * 1.2
            ScreenTitle { theme: screen.theme; text: screen.svc.name || ""; subtitle: screen.svc.summary || "" }
            Banner {
                objectName: "paperWarning"
                theme: screen.theme
                kind: "warn"
                visible: !screen.backend.printerReady && (screen.svc.needsReceipt || false)
                text: qsTr("The receipt printer is not working right now. You can still apply: your receipt will be shown on the screen with a QR code to photograph.")
            }
            GuideSection { theme: screen.theme; heading: qsTr("Who can apply"); body: screen.svc.who || "" }
            GuideSection { theme: screen.theme; heading: qsTr("What to bring"); items: screen.svc.materials || [] }
            GuideSection { theme: screen.theme; heading: qsTr("Where"); body: screen.svc.where || "" }
            GuideSection { theme: screen.theme; heading: qsTr("Opening hours"); body: screen.svc.hours || "" }
            GuideSection { theme: screen.theme; heading: qsTr("How long it takes"); body: screen.svc.timeLimit || "" }
            GuideSection { theme: screen.theme; heading: qsTr("Fee"); body: screen.svc.fee || "" }
            GuideSection { theme: screen.theme; heading: qsTr("Legal basis"); body: screen.svc.legalBasis || "" }
        }
    }
    Rectangle {
        id: actions
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
        height: screen.theme.target + screen.theme.gap * 2
        color: screen.theme.bg
        Row {
            anchors.centerIn: parent
            spacing: screen.theme.gap
            BigButton {
                objectName: "printGuideButton"
                theme: screen.theme
                primary: false
                iconName: "printer"
                text: qsTr("Print this guide")
                width: (screen.width - screen.theme.margin * 2 - screen.theme.gap) / 2
                onClicked: screen.backend.printGuide()
            }
            BigButton {
                objectName: "applyButton"
                theme: screen.theme
                visible: screen.svc.hasForm || false
                text: qsTr("Apply here")
                width: (screen.width - screen.theme.margin * 2 - screen.theme.gap) / 2
                onClicked: screen.backend.apply()
            }
        }
    }
}
