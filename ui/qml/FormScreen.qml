pragma ComponentBehavior: Bound
import QtQuick
import Kiosk.Backend

// One page of the form: step "2 / 5", the questions, then Previous / Next.
Item {
    id: screen
    required property Theme theme
    required property KioskBackend backend
    readonly property var info: backend.form
    // typing on a short (landscape) screen: the step bar makes way for the question being answered, so the
    // keyboard never hides the focused field (issue 15 item 9); it returns with the keyboard
    property bool keyboardUp: false  // Main.qml: the on-screen keyboard is shown
    // or a number field's own keypad (KioskField) is open under the question
    readonly property bool keypadUp: Window.activeFocusItem !== null && Window.activeFocusItem.objectName === "keypadInput"
    readonly property bool typing: (keyboardUp || keypadUp) && theme.landscape

    Rectangle {
        id: stepBar
        anchors { left: parent.left; right: parent.right; top: parent.top }
        visible: !screen.typing
        height: visible ? stepCol.implicitHeight + screen.theme.gap * 1.5 : 0
        color: screen.theme.surface
        Column {
            id: stepCol
            anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter; margins: screen.theme.margin }
            spacing: screen.theme.gap / 3
            Text {
                objectName: "formStep"
                text: qsTr("Step %1 of %2").arg(screen.info.page || 1).arg(screen.info.pageCount || 1) + " · " + (screen.info.title || "")
                font.pixelSize: screen.theme.small
                color: screen.theme.muted
                width: parent.width
                elide: Text.ElideRight
            }
            Row {
                spacing: 8
                Repeater {
                    model: screen.info.pageCount || 1
                    delegate: Rectangle {
                        required property int index
                        width: Math.min(120, (stepCol.width - 8 * 10) / Math.max(screen.info.pageCount || 1, 1))
                        height: 12
                        radius: 6
                        color: index < (screen.info.page || 1) ? screen.theme.primary : screen.theme.border
                    }
                }
            }
            Text {
                text: screen.info.pageTitle || ""
                font.pixelSize: screen.theme.title
                font.bold: true
                color: screen.theme.text
                width: parent.width
                wrapMode: Text.WordWrap
            }
        }
    }
    Flickable {
        id: flick
        objectName: "formFlick"
        anchors { left: parent.left; right: parent.right; top: stepBar.bottom; bottom: actions.top }
        contentHeight: fieldsCol.implicitHeight + screen.theme.margin * 2
        clip: true
        // a new page opens at its first question, not where the last page was left (issue 15 item 7)
        readonly property int page: screen.info.page || 1
        onPageChanged: contentY = 0
        Column {
            id: fieldsCol
            x: screen.theme.margin
            y: screen.theme.margin
            width: screen.width - screen.theme.margin * 2
            spacing: screen.theme.gap * 1.6
            Repeater {
                id: fieldsRepeater
                model: screen.backend.fields
                delegate: FieldEditor { theme: screen.theme; backend: screen.backend }
            }
        }
    }
    // Next with a question unanswered or wrong: the first such question comes into view. Its error above the
    // fold (or below it) left a resident who does not know the page scrolls pressing Next with nothing
    // happening. After a moment, once the error lines have their height; a question already in view stays.
    Timer {
        id: showErrorSoon
        interval: 50
        onTriggered: {
            for (let i = 0; i < fieldsRepeater.count; ++i) {
                const item = fieldsRepeater.itemAt(i) as FieldEditor
                if (!item || item.error === "")
                    continue
                const top = fieldsCol.y + item.y - screen.theme.gap
                const bottom = fieldsCol.y + item.y + item.height + screen.theme.gap
                if (top < flick.contentY || bottom > flick.contentY + flick.height)
                    flick.contentY = Math.max(0, Math.min(top, flick.contentHeight - flick.height))
                return
            }
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
                objectName: "prevPageButton"
                theme: screen.theme
                primary: false
                visible: (screen.info.page || 1) > 1
                text: qsTr("Previous")
                width: (screen.width - screen.theme.margin * 2 - screen.theme.gap) * 0.4
                onClicked: screen.backend.prevPage()
            }
            BigButton {
                objectName: "nextPageButton"
                theme: screen.theme
                width: (screen.width - screen.theme.margin * 2 - screen.theme.gap) * 0.6
                text: screen.info.isLast ? qsTr("Check my answers") : qsTr("Next")
                onClicked: { screen.forceActiveFocus(); screen.backend.nextPage(); showErrorSoon.restart() }
            }
        }
    }
}
