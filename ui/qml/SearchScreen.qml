pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import Kiosk.Backend

Item {
    id: screen
    required property Theme theme
    required property KioskBackend backend
    Column {
        id: head
        x: screen.theme.margin
        y: screen.theme.margin
        width: screen.width - screen.theme.margin * 2
        spacing: screen.theme.gap
        ScreenTitle {
            theme: screen.theme
            text: qsTr("Search services")
            subtitle: qsTr("Type a name, its pinyin, or the first letters (jzzm finds 居住证明).")
        }
        TextField {
            id: field
            objectName: "searchField"
            width: parent.width
            height: screen.theme.target
            font.pixelSize: screen.theme.body
            placeholderText: qsTr("For example: 居住证明, juzhu, jzzm")
            // the theme's colours, not the style's: its grey example text is 3.0:1 and it stays white in
            // high contrast (issue 15 item 13)
            placeholderTextColor: screen.theme.muted
            color: screen.theme.text
            background: Rectangle {
                radius: 10
                color: screen.theme.surface
                border.width: field.activeFocus ? 4 : 2
                border.color: field.activeFocus ? screen.theme.primary : screen.theme.border
            }
            inputMethodHints: Qt.ImhNoPredictiveText
            // results follow every key, the Pinyin composition included (jzzm lists 居住证明 before any Enter);
            // the composition's syllable marks (j'z'z'm) are not part of what was typed
            function query(): string { return text + preeditText.replace(/'/g, "") }
            onTextChanged: screen.backend.search(query())
            onPreeditTextChanged: screen.backend.search(query())
            // the keyboard is up when the page opens: after the screen change has taken focus to the window
            Component.onCompleted: {
                text = screen.backend.searchText  // once: a binding would fight the composition
                Qt.callLater(forceActiveFocus)
            }
        }
    }
    Text {
        visible: screen.backend.searchText.length > 0 && screen.backend.services.count === 0
        anchors { left: parent.left; right: parent.right; top: head.bottom; margins: screen.theme.margin }
        text: qsTr("Nothing found. Try fewer letters, or go back and choose a kind of service.")
        font.pixelSize: screen.theme.body
        color: screen.theme.muted
        wrapMode: Text.WordWrap
    }
    ServiceList {
        theme: screen.theme
        backend: screen.backend
        anchors { left: parent.left; right: parent.right; top: head.bottom; bottom: parent.bottom
                  margins: screen.theme.margin; topMargin: screen.theme.gap * 1.5 }
    }
}
