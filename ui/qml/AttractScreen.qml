pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls

// Idle loop: centre name, rotating notices, "touch to start". Nothing personal is ever shown here.
// Plain values only (no backend), so the first frame (FirstFrame.qml) draws it before the backends exist.
Rectangle {
    id: screen
    required property Theme theme
    required property string centreName
    required property var notices  // a model with count and get(i): the CommunityBackend's, or a ListModel
    property var technician: null  // hidden gesture for the technician mode (ui/technician.py)
    property bool updating: false  // a tap was refused: the software is being updated (issue 20)
    signal startRequested(string language)  // "" keeps the terminal's language
    property int noticeIndex: 0
    gradient: Gradient {
        GradientStop { position: 0.0; color: screen.theme.contrast ? Theme.black : Theme.brand }
        GradientStop { position: 1.0; color: screen.theme.contrast ? Theme.black : Theme.brandDeep }
    }
    MouseArea {
        objectName: "attractStart"
        anchors.fill: parent
        onClicked: screen.startRequested("")
    }
    MouseArea {  // invisible: five taps within 3 s here open the technician code entry
        objectName: "techCorner"
        anchors { top: parent.top; right: parent.right }
        width: screen.theme.target * 1.2
        height: width
        onClicked: if (screen.technician) screen.technician.hiddenGesture()
    }
    Timer {
        interval: 8000
        repeat: true
        running: screen.notices.count > 1
        onTriggered: screen.noticeIndex = (screen.noticeIndex + 1) % screen.notices.count
    }
    Column {
        id: heading
        anchors { left: parent.left; right: parent.right; top: parent.top; margins: screen.theme.margin * 1.5
                  topMargin: parent.height * 0.12 }
        spacing: screen.theme.gap
        Text {
            width: parent.width
            text: screen.centreName
            color: Theme.white
            font.pixelSize: screen.theme.huge
            font.bold: true
            wrapMode: Text.WordWrap
        }
        Text {
            width: parent.width
            text: qsTr("Community self-service terminal")
            color: Theme.onBrandMuted
            font.pixelSize: screen.theme.title
            wrapMode: Text.WordWrap
        }
    }
    Rectangle {
        id: noticeCard
        objectName: "attractNotice"
        visible: screen.notices.count > 0
        // between the heading and the start buttons at every screen size: shorter screens show fewer lines
        readonly property real room: actions.y - heading.y - heading.height - screen.theme.gap * 2
        anchors { left: parent.left; right: parent.right; margins: screen.theme.margin * 1.5 }
        y: heading.y + heading.height + screen.theme.gap + Math.max(0, (room - height) / 2)
        height: Math.min(noticeCol.implicitHeight + screen.theme.margin * 2, room)
        clip: true
        radius: screen.theme.radius
        color: Theme.glass
        border.color: Theme.glassBorder
        property var row: screen.notices.count > 0 ? screen.notices.get(screen.noticeIndex % screen.notices.count) : ({})
        Column {
            id: noticeCol
            anchors { left: parent.left; right: parent.right; top: parent.top; margins: screen.theme.margin }
            spacing: screen.theme.gap
            Row {
                spacing: screen.theme.gap / 2
                Icon { name: "notices"; size: screen.theme.body * 1.3; tint: Theme.white }
                Text { text: qsTr("Community notices"); color: Theme.onBrandMuted; font.pixelSize: screen.theme.body }
            }
            Text {
                width: parent.width
                text: noticeCard.row.title || ""
                color: Theme.white
                font.pixelSize: screen.theme.title
                font.bold: true
                wrapMode: Text.WordWrap
            }
            Text {
                width: parent.width
                text: noticeCard.row.body || ""
                color: Theme.white
                font.pixelSize: screen.theme.body
                readonly property bool excerpt: true  // a preview: the whole notice is one tap away
                wrapMode: Text.WordWrap
                maximumLineCount: Math.max(1, Math.min(4, Math.floor((noticeCard.room - y - screen.theme.margin * 2)
                                                                      / (font.pixelSize * 1.4))))
                elide: Text.ElideRight
            }
        }
    }
    Column {
        id: actions
        anchors { horizontalCenter: parent.horizontalCenter; bottom: parent.bottom
                  bottomMargin: Math.max(screen.theme.margin, parent.height * 0.06) }
        spacing: screen.theme.gap
        Rectangle {
            anchors.horizontalCenter: parent.horizontalCenter
            width: Math.min(screen.width - screen.theme.margin * 2, startText.implicitWidth + screen.theme.margin * 3)
            height: Math.max(screen.theme.target * 1.4, startText.height + screen.theme.margin)
            radius: Math.min(height / 2, screen.theme.target * 0.7)
            color: screen.theme.contrast ? Theme.highlight : Theme.white
            SequentialAnimation on scale {
                running: !screen.updating  // nothing to invite while the software is being installed
                loops: Animation.Infinite
                NumberAnimation { from: 1.0; to: 1.05; duration: 900; easing.type: Easing.InOutQuad }
                NumberAnimation { from: 1.05; to: 1.0; duration: 900; easing.type: Easing.InOutQuad }
            }
            Text {
                id: startText
                objectName: "attractPrompt"
                anchors.centerIn: parent
                width: Math.min(implicitWidth, screen.width - screen.theme.margin * 5)
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.WordWrap
                text: screen.updating ? qsTr("The software is being updated. Please come back in a few minutes.")
                                      : qsTr("Touch the screen to start")
                color: screen.theme.contrast ? Theme.black : Theme.brand
                font.pixelSize: screen.theme.title
                font.bold: true
            }
        }
        AbstractButton {  // a visitor who reads no Chinese starts in English with one tap (issue 15 item 12)
            id: english
            objectName: "attractEnglish"
            anchors.horizontalCenter: parent.horizontalCenter
            width: englishText.implicitWidth + screen.theme.margin * 2
            height: screen.theme.target
            enabled: !screen.updating
            onClicked: screen.startRequested("en_US")
            background: Rectangle {
                radius: height / 2
                color: english.down ? Theme.glassButton : Theme.glass
                border.color: screen.theme.contrast ? Theme.highlight : Theme.white
                border.width: 3
            }
            contentItem: Text {
                id: englishText
                // always English: it is for those who cannot read the Chinese above
                text: screen.updating ? "Updating the software: back in a few minutes" : "Start in English"
                color: screen.theme.contrast ? Theme.highlight : Theme.white
                font.pixelSize: screen.theme.body
                font.bold: true
                horizontalAlignment: Text.AlignHCenter
                verticalAlignment: Text.AlignVCenter
            }
        }
    }
}
