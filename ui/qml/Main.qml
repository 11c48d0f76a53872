pragma ComponentBehavior: Bound
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
    required property MaterialsBackend materials  // the papers photographed after the form (issue 19)
    property QtObject devDock: null  // the demo dock's DevDockBackend: given only in demo mode with the dock on
    property var voice: null
    property bool kioskFullscreen: true
    property var technician: null  // TechnicianBackend (ui/technician.py); null keeps the resident app working alone
    property var consultation: null  // ConsultationBackend (ui/consultation.py); null hides consultation
    property FaceBackend face: null  // the face check before the form (ui/face_backend.py)

    objectName: "kioskWindow"
    // landscape with the keyboard up: the keyboard sits right of the screen, which narrows to make room
    readonly property bool typingAside: inputPanel.active && Theme.landscape
    visible: true
    title: "kiosk"
    flags: kioskFullscreen ? (Qt.Window | Qt.FramelessWindowHint) : Qt.Window
    visibility: kioskFullscreen ? Window.FullScreen : Window.Windowed
    color: Theme.bg

    // Theme is a singleton (qmldir): the resident's display modes and the window's shape set it here
    Binding { target: Theme; property: "large"; value: root.backend.largeText }
    Binding { target: Theme; property: "contrast"; value: root.backend.highContrast }
    WindowShape { window: root }

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
        // one row for the centre and the buttons; an identified visit adds a row for "End / change card",
        // so the centre's name is never squeezed to "历..." by a long name chip
        readonly property int rowHeight: Math.round(Theme.target * 0.9)
        // the chip shares the row when the window is wide enough to leave the name its room (landscape)
        readonly property bool chipRow: root.backend.identified
            && width - callStaff.width - voiceButton.width - identityChip.width - Theme.gap * 5 - Theme.margin < Theme.body * 9
        height: visible ? rowHeight + (chipRow ? identityChip.height + Theme.gap / 2 : 0) : 0
        color: Theme.primary
        Text {
            objectName: "centreName"
            anchors { left: parent.left; leftMargin: Theme.margin; top: parent.top
                      right: countdown.visible ? countdown.left : (root.backend.identified && !header.chipRow ? identityChip.left : voiceButton.left)
                      rightMargin: Theme.gap }
            height: header.rowHeight
            verticalAlignment: Text.AlignVCenter
            text: root.backend.centreName
            color: Theme.textOnPrimary
            font.pixelSize: Theme.body
            font.bold: true
            wrapMode: Text.WordWrap
            maximumLineCount: 2
            // a long name shrinks and wraps to two lines rather than losing its end (not while the header is folded)
            fontSizeMode: header.visible && width > 0 && height > 0 ? Text.Fit : Text.FixedSize
            minimumPixelSize: Math.round(Theme.small * 0.7)
        }
        AbstractButton {
            id: callStaff
            objectName: "callStaffButton"
            anchors { right: parent.right; rightMargin: Theme.gap; top: parent.top; topMargin: 8 }
            height: header.rowHeight - 16
            width: callText.implicitWidth + Theme.gap * 2
            onClicked: root.community.callStaff()
            // outlined in high contrast, where the header is the same yellow (issue 15 item 13)
            background: Rectangle {
                radius: height / 2
                color: callStaff.down ? Theme.white : Theme.highlight
                border.width: Theme.contrast ? 4 : 0
                border.color: Theme.ink
            }
            contentItem: Text {
                id: callText
                text: root.community.staffCalled ? qsTr("Staff called") : qsTr("Call staff")
                color: Theme.ink
                font.pixelSize: Theme.small
                font.bold: true
                horizontalAlignment: Text.AlignHCenter
                verticalAlignment: Text.AlignVCenter
            }
        }
        AbstractButton {
            id: voiceButton
            objectName: "voiceButton"
            visible: root.voice !== null
            anchors { right: callStaff.left; rightMargin: Theme.gap; verticalCenter: callStaff.verticalCenter }
            height: header.rowHeight - 16
            width: voiceText.implicitWidth + Theme.gap * 2
            onClicked: root.voice.toggle()
            background: Rectangle {
                radius: height / 2
                color: (root.voice && root.voice.enabled) ? Theme.highlight : Theme.glassButton
                border.width: Theme.contrast ? 4 : 0
                border.color: Theme.ink
            }
            contentItem: Text {
                id: voiceText
                text: (!root.voice || root.voice.available) ? qsTr("Read aloud") : qsTr("Read aloud unavailable")
                color: (root.voice && root.voice.enabled) ? Theme.ink : Theme.textOnPrimary
                font.pixelSize: Theme.small
                font.bold: true
                horizontalAlignment: Text.AlignHCenter
                verticalAlignment: Text.AlignVCenter
            }
        }
        Text {
            id: countdown
            objectName: "idleCountdown"
            visible: root.backend.countdownVisible
            anchors { right: root.backend.identified && !header.chipRow ? identityChip.left : voiceButton.left
                      rightMargin: Theme.gap; verticalCenter: callStaff.verticalCenter }
            text: qsTr("Clearing in %1 s").arg(root.backend.idleRemaining)
            color: Theme.highlight
            font.pixelSize: Theme.body
            font.bold: true
        }
        Rectangle {
            id: identityChip
            objectName: "identityChip"
            visible: root.backend.identified
            anchors.right: header.chipRow ? parent.right : voiceButton.left
            anchors.rightMargin: Theme.gap
            y: header.chipRow ? header.rowHeight + Theme.gap / 4 : (header.rowHeight - height) / 2
            height: Theme.body * 1.8
            width: visible ? chipText.implicitWidth + Theme.gap * 2 + Theme.body * 1.4 : 0
            radius: height / 2
            color: Theme.glassButton
            Row {
                anchors.centerIn: parent
                spacing: Theme.gap / 3
                Icon { name: "person"; size: Theme.body * 1.2; tint: Theme.textOnPrimary; anchors.verticalCenter: parent.verticalCenter }
                Text {
                    id: chipText
                    text: root.backend.identityMaskedName + "  ·  " + qsTr("End / change card")
                    color: Theme.textOnPrimary
                    font.pixelSize: Theme.small
                    anchors.verticalCenter: parent.verticalCenter
                }
            }
            MouseArea {
                objectName: "changeCardButton"
                anchors.fill: parent
                onClicked: root.backend.changeCard()
            }
        }
    }

    // ---------------------------------------------------------------- screens
    Loader {
        id: screenLoader
        objectName: "screenLoader"
        anchors { left: parent.left; right: root.typingAside ? inputPanel.left : parent.right; top: header.bottom; bottom: navBar.top }
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
            case "materials": return materialsC
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
            case "face": return faceC
            }
            return homeC
        }
    }
    Component {
        id: attractC
        AttractScreen {
            theme: Theme; centreName: root.backend.centreName; notices: root.community.notices
            technician: root.technician; updating: root.backend.updating
            onStartRequested: (language) => {
                root.backend.start()
                if (language !== "")
                    root.backend.setLanguage(language)
            }
        }
    }
    Component { id: homeC; HomeScreen { theme: Theme; backend: root.backend; lookup: root.lookup; community: root.community; consultation: root.consultation } }
    Component { id: categoryC; CategoryScreen { theme: Theme; backend: root.backend } }
    Component { id: searchC; SearchScreen { theme: Theme; backend: root.backend } }
    Component { id: guideC; GuideScreen { theme: Theme; backend: root.backend } }
    Component { id: identifyC; IdentifyScreen { theme: Theme; backend: root.backend; community: root.community } }
    Component { id: manualC; ManualEntryScreen { theme: Theme; backend: root.backend } }
    Component { id: formC; FormScreen { theme: Theme; backend: root.backend; keyboardUp: inputPanel.active } }
    Component { id: materialsC; MaterialsScreen { theme: Theme; backend: root.backend; materials: root.materials } }
    Component { id: reviewC; ReviewScreen { theme: Theme; backend: root.backend; materials: root.materials } }
    Component { id: receiptC; ReceiptScreen { theme: Theme; backend: root.backend; community: root.community } }
    Component { id: finishC; FinishScreen { theme: Theme; backend: root.backend } }
    Component { id: lookupC; LookupScreen { theme: Theme; lookup: root.lookup } }
    Component { id: lookupResultC; LookupResultScreen { theme: Theme; backend: root.backend; lookup: root.lookup } }
    Component { id: noticesC; NoticesScreen { theme: Theme; community: root.community } }
    Component { id: noticeC; NoticeScreen { theme: Theme; community: root.community } }
    Component { id: queueC; QueueScreen { theme: Theme; community: root.community } }
    Component { id: ticketC; TicketScreen { theme: Theme; backend: root.backend; community: root.community } }
    Component { id: ratingC; RatingScreen { theme: Theme; community: root.community } }
    Component { id: faceC; FaceCheckScreen { theme: Theme; backend: root.backend; face: root.face; community: root.community } }

    Loader {  // consultation (issue 11): over the home screen while open
        objectName: "consultationLoader"
        active: root.consultation !== null && root.consultation.active
        z: 10
        anchors {
            left: parent.left; right: root.typingAside ? inputPanel.left : parent.right; top: header.bottom
            bottom: inputPanel.active && !root.typingAside ? inputPanel.top : navBar.top
        }
        sourceComponent: ConsultationScreen { theme: Theme; backend: root.backend; consultation: root.consultation }
    }

    // ---------------------------------------------------------------- nav bar (same place on every screen)
    NavBar {
        id: navBar
        theme: Theme
        backend: root.backend
        visible: root.backend.screen !== "attract"
        // above the keyboard while it is up: Back and Home are never covered (issue 15 item 9)
        anchors { left: parent.left; right: parent.right; bottom: inputPanel.active && !root.typingAside ? inputPanel.top : parent.bottom }
        height: visible ? Theme.target + Theme.gap * 1.5 : 0
    }

    InputPanel {
        id: inputPanel
        objectName: "inputPanel"
        z: root.technician && root.technician.active ? 96 : 50  // above the technician overlay while it is shown
        // full width in portrait; in landscape a full-width keyboard is as tall as the window's free space,
        // so it takes half the width (its height follows) and sits beside the screen, right of it and above
        // the nav bar: the screen keeps its whole height on the left, so the focused field, Back and Home
        // stay in view even when large text makes the keyboard 1.5 times taller (item 9)
        width: Theme.landscape ? Math.round(root.width * 0.5) : root.width
        x: root.width - width
        y: !active ? root.height : root.typingAside ? navBar.y - height : root.height - height
        visible: active
    }
    KeyboardLook { panel: inputPanel; theme: Theme }

    IdleOverlay { theme: Theme; backend: root.backend; anchors.fill: parent; z: 80 }

    Rectangle {
        objectName: "busyOverlay"
        anchors.fill: parent
        z: 90
        visible: root.backend.busy
        color: Theme.scrimLight
        MouseArea { anchors.fill: parent }
        Column {
            anchors.centerIn: parent
            spacing: Theme.gap
            BusyIndicator { anchors.horizontalCenter: parent.horizontalCenter; running: parent.visible; width: Theme.target; height: Theme.target }
            Text {
                text: qsTr("Working on it, please wait…")
                color: Theme.white
                font.pixelSize: Theme.title
                anchors.horizontalCenter: parent.horizontalCenter
            }
        }
    }

    Loader {  // technician mode: above every resident screen and overlay
        objectName: "technicianLoader"
        active: root.technician !== null && root.technician.active
        anchors.fill: parent
        z: 95
        sourceComponent: TechnicianMode { theme: Theme; tech: root.technician; zh: root.backend.language === "zh_CN" }
    }

    Loader {
        active: root.devDock !== null && !(root.technician && root.technician.active)  // never over technician mode
        z: 100
        anchors { right: parent.right; top: parent.top; topMargin: header.height + Theme.gap }
        // by URL, not inline: DevDock.qml and its Kiosk.DevDock types load only where the dock exists (demo mode)
        Component.onCompleted: setSource("DevDock.qml", { theme: Theme, backend: root.backend, simulators: root.devDock })
    }
}
