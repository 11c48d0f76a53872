import QtQuick
import QtQuick.Controls
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings
import Kiosk.Backend

ApplicationWindow {
    id: root
    required property KioskBackend backend
    required property LookupBackend lookup
    required property CommunityBackend community
    required property QtObject devDock  // the demo dock's DevDockBackend; null unless demo mode with the dock on
    property var voice: null
    property bool kioskFullscreen: true
    property var technician: null  // TechnicianBackend (ui/technician.py); null keeps the resident app working alone
    property var consultation: null  // ConsultationBackend (ui/consultation.py); null hides consultation

    objectName: "kioskWindow"
    visible: true
    title: "kiosk"
    flags: kioskFullscreen ? (Qt.Window | Qt.FramelessWindowHint) : Qt.Window
    visibility: kioskFullscreen ? Window.FullScreen : Window.Windowed
    color: th.bg

    Theme {
        id: th
        large: root.backend.largeText
        contrast: root.backend.highContrast
        landscape: root.width > root.height
    }

    Component.onCompleted: {
        VirtualKeyboardSettings.activeLocales = root.backend.language === "zh_CN" ? ["zh_CN", "en_US"] : ["en_US", "zh_CN"]
        VirtualKeyboardSettings.locale = root.backend.language
    }
    Connections {
        target: root.backend
        function onLanguageChanged() {
            VirtualKeyboardSettings.activeLocales = root.backend.language === "zh_CN" ? ["zh_CN", "en_US"] : ["en_US", "zh_CN"]
            VirtualKeyboardSettings.locale = root.backend.language
        }
        function onScreenChanged() { root.contentItem.forceActiveFocus() }
    }

    // ---------------------------------------------------------------- header
    Rectangle {
        id: header
        visible: root.backend.screen !== "attract"
        anchors { left: parent.left; right: parent.right; top: parent.top }
        height: visible ? Math.round(th.target * 0.9) : 0
        color: th.primary
        Text {
            anchors { left: parent.left; leftMargin: th.margin; verticalCenter: parent.verticalCenter
                      right: countdown.visible ? countdown.left : identityChip.left; rightMargin: th.gap }
            text: root.backend.centreName
            color: th.textOnPrimary
            font.pixelSize: th.body
            font.bold: true
            elide: Text.ElideRight
        }
        AbstractButton {
            id: callStaff
            objectName: "callStaffButton"
            anchors { right: parent.right; rightMargin: th.gap; verticalCenter: parent.verticalCenter }
            height: parent.height - 16
            width: callText.implicitWidth + th.gap * 2
            onClicked: root.community.callStaff()
            background: Rectangle { radius: height / 2; color: callStaff.down ? "#FFFFFF" : "#FFE600" }
            contentItem: Text {
                id: callText
                text: root.community.staffCalled ? qsTr("Staff called") : qsTr("Call staff")
                color: "#1A1F29"
                font.pixelSize: th.small
                font.bold: true
                horizontalAlignment: Text.AlignHCenter
                verticalAlignment: Text.AlignVCenter
            }
        }
        AbstractButton {
            id: voiceButton
            objectName: "voiceButton"
            visible: root.voice !== null
            anchors { right: callStaff.left; rightMargin: th.gap; verticalCenter: parent.verticalCenter }
            height: parent.height - 16
            width: voiceText.implicitWidth + th.gap * 2
            onClicked: root.voice.toggle()
            background: Rectangle {
                radius: height / 2
                color: (root.voice && root.voice.enabled) ? "#FFE600" : Qt.rgba(1, 1, 1, 0.18)
            }
            contentItem: Text {
                id: voiceText
                text: qsTr("Read aloud")
                color: (root.voice && root.voice.enabled) ? "#1A1F29" : th.textOnPrimary
                font.pixelSize: th.small
                font.bold: true
                horizontalAlignment: Text.AlignHCenter
                verticalAlignment: Text.AlignVCenter
            }
        }
        Text {
            id: countdown
            objectName: "idleCountdown"
            visible: root.backend.countdownVisible
            anchors { right: identityChip.left; rightMargin: th.gap; verticalCenter: parent.verticalCenter }
            text: qsTr("Clearing in %1 s").arg(root.backend.idleRemaining)
            color: "#FFE600"
            font.pixelSize: th.body
            font.bold: true
        }
        Rectangle {
            id: identityChip
            objectName: "identityChip"
            visible: root.backend.identified
            anchors { right: voiceButton.left; rightMargin: th.gap; verticalCenter: parent.verticalCenter }
            height: th.body * 1.8
            width: visible ? chipText.implicitWidth + th.gap * 2 + th.body * 1.4 : 0
            radius: height / 2
            color: Qt.rgba(1, 1, 1, 0.18)
            Row {
                anchors.centerIn: parent
                spacing: th.gap / 3
                Icon { name: "person"; size: th.body * 1.2; tint: th.textOnPrimary; anchors.verticalCenter: parent.verticalCenter }
                Text {
                    id: chipText
                    text: root.backend.identityMaskedName
                    color: th.textOnPrimary
                    font.pixelSize: th.small
                    anchors.verticalCenter: parent.verticalCenter
                }
            }
        }
    }

    // ---------------------------------------------------------------- screens
    Loader {
        id: screenLoader
        objectName: "screenLoader"
        anchors {
            left: parent.left; right: parent.right; top: header.bottom
            bottom: inputPanel.active ? inputPanel.top : navBar.top
        }
        sourceComponent: {
            switch (root.backend.screen) {
            case "attract": return attractC
            case "home": return homeC
            case "category": return categoryC
            case "search": return searchC
            case "guide": return guideC
            case "identify": return identifyC
            case "manual": return manualC
            case "form": return formC
            case "review": return reviewC
            case "receipt": return receiptC
            case "finish": return finishC
            case "lookup": return lookupC
            case "lookup_result": return lookupResultC
            case "notices": return noticesC
            case "notice": return noticeC
            case "queue": return queueC
            case "ticket": return ticketC
            case "rating": return ratingC
            }
            return homeC
        }
    }
    Component { id: attractC; AttractScreen { theme: th; backend: root.backend; community: root.community; technician: root.technician } }
    Component { id: homeC; HomeScreen { theme: th; backend: root.backend; lookup: root.lookup; community: root.community; consultation: root.consultation } }
    Component { id: categoryC; CategoryScreen { theme: th; backend: root.backend } }
    Component { id: searchC; SearchScreen { theme: th; backend: root.backend } }
    Component { id: guideC; GuideScreen { theme: th; backend: root.backend } }
    Component { id: identifyC; IdentifyScreen { theme: th; backend: root.backend } }
    Component { id: manualC; ManualEntryScreen { theme: th; backend: root.backend } }
    Component { id: formC; FormScreen { theme: th; backend: root.backend } }
    Component { id: reviewC; ReviewScreen { theme: th; backend: root.backend } }
    Component { id: receiptC; ReceiptScreen { theme: th; backend: root.backend } }
    Component { id: finishC; FinishScreen { theme: th; backend: root.backend } }
    Component { id: lookupC; LookupScreen { theme: th; lookup: root.lookup } }
    Component { id: lookupResultC; LookupResultScreen { theme: th; backend: root.backend; lookup: root.lookup } }
    Component { id: noticesC; NoticesScreen { theme: th; community: root.community } }
    Component { id: noticeC; NoticeScreen { theme: th; community: root.community } }
    Component { id: queueC; QueueScreen { theme: th; community: root.community } }
    Component { id: ticketC; TicketScreen { theme: th; backend: root.backend; community: root.community } }
    Component { id: ratingC; RatingScreen { theme: th; community: root.community } }

    Loader {  // consultation (issue 11): over the home screen while open
        objectName: "consultationLoader"
        active: root.consultation !== null && root.consultation.active
        z: 10
        anchors {
            left: parent.left; right: parent.right; top: header.bottom
            bottom: inputPanel.active ? inputPanel.top : navBar.top
        }
        sourceComponent: ConsultationScreen { theme: th; backend: root.backend; consultation: root.consultation }
    }

    // ---------------------------------------------------------------- nav bar (same place on every screen)
    NavBar {
        id: navBar
        theme: th
        backend: root.backend
        visible: root.backend.screen !== "attract"
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
        height: visible ? th.target + th.gap * 1.5 : 0
    }

    InputPanel {
        id: inputPanel
        objectName: "inputPanel"
        z: root.technician && root.technician.active ? 96 : 50  // above the technician overlay while it is shown
        anchors { left: parent.left; right: parent.right }
        y: active ? root.height - height : root.height
        visible: active
    }

    IdleOverlay { theme: th; backend: root.backend; anchors.fill: parent; z: 80 }

    Rectangle {
        objectName: "busyOverlay"
        anchors.fill: parent
        z: 90
        visible: root.backend.busy
        color: Qt.rgba(0, 0, 0, 0.45)
        MouseArea { anchors.fill: parent }
        Column {
            anchors.centerIn: parent
            spacing: th.gap
            BusyIndicator { anchors.horizontalCenter: parent.horizontalCenter; running: parent.visible; width: th.target; height: th.target }
            Text {
                text: qsTr("Working on it, please wait…")
                color: "white"
                font.pixelSize: th.title
                anchors.horizontalCenter: parent.horizontalCenter
            }
        }
    }

    Loader {  // technician mode: above every resident screen and overlay
        objectName: "technicianLoader"
        active: root.technician !== null && root.technician.active
        anchors.fill: parent
        z: 95
        sourceComponent: TechnicianMode { theme: th; tech: root.technician; zh: root.backend.language === "zh_CN" }
    }

    Loader {
        active: root.devDock !== null && !(root.technician && root.technician.active)  // never over technician mode
        z: 100
        anchors { right: parent.right; top: parent.top; topMargin: header.height + th.gap }
        // by URL, not inline: DevDock.qml and its Kiosk.DevDock types load only where the dock exists (demo mode)
        Component.onCompleted: setSource("DevDock.qml", { theme: th, backend: root.backend, simulators: root.devDock })
    }
}
