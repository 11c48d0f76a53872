pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import Kiosk.Backend

Item {
    id: screen
    required property Theme theme
    required property CommunityBackend community
    function categoryName(c) {
        switch (c) {
        case "party": return qsTr("Party affairs")
        case "finance": return qsTr("Community finances")
        case "policy": return qsTr("Policies")
        case "activity": return qsTr("Activities")
        }
        return c
    }
    ScreenTitle {
        id: title
        theme: screen.theme
        x: screen.theme.margin
        y: screen.theme.margin
        width: screen.width - screen.theme.margin * 2
        text: qsTr("Community notices")
    }
    ListView {
        anchors { left: parent.left; right: parent.right; top: title.bottom; bottom: parent.bottom; margins: screen.theme.margin }
        spacing: screen.theme.gap
        clip: true
        model: screen.community.notices
        delegate: AbstractButton {
            id: row
            required property string noticeId
            required property string category
            required property string title
            required property string date
            objectName: "notice_" + noticeId
            width: ListView.view.width
            height: nc.implicitHeight + screen.theme.gap * 2
            focusPolicy: Qt.NoFocus
            onClicked: screen.community.openNotice(noticeId)
            background: Rectangle { radius: screen.theme.radius; color: row.down ? screen.theme.border : screen.theme.surface; border.color: screen.theme.border; border.width: 2 }
            contentItem: Column {
                id: nc
                leftPadding: screen.theme.gap
                topPadding: screen.theme.gap
                spacing: screen.theme.gap / 3
                Text { text: screen.categoryName(row.category) + " · " + row.date; font.pixelSize: screen.theme.small; color: screen.theme.primary }
                Text { width: row.width - screen.theme.gap * 2; text: row.title; font.pixelSize: screen.theme.body; font.bold: true; color: screen.theme.text; wrapMode: Text.WordWrap; textFormat: Text.PlainText }
            }
        }
    }
}
