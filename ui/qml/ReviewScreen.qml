pragma ComponentBehavior: Bound
import QtQuick
import Kiosk.Backend

// Every answer once more, each with a way back to its page; then submit.
Item {
    id: screen
    required property Theme theme
    required property KioskBackend backend
    property MaterialsBackend materials: null  // the papers photographed for this application, when any
    ScreenTitle {
        id: title
        theme: screen.theme
        x: screen.theme.margin
        y: screen.theme.margin
        width: screen.width - screen.theme.margin * 2
        text: qsTr("Check your answers")
        subtitle: qsTr("Touch \"Change\" to correct anything. Nothing is sent until you press Submit.")
    }
    ListView {
        id: list
        objectName: "reviewList"
        anchors { left: parent.left; right: parent.right; top: title.bottom; bottom: actions.top
                  margins: screen.theme.margin; topMargin: screen.theme.gap }
        clip: true
        spacing: screen.theme.gap / 2
        model: screen.backend.review
        footer: ReviewMaterials { theme: screen.theme; materials: screen.materials; width: ListView.view.width }
        delegate: Rectangle {
            id: row
            required property int page
            required property string fieldId
            required property string label
            required property string value
            required property string plain
            required property bool masked
            width: ListView.view.width
            // an answer wider than the room beside its buttons (an ID number in large text, an address) gets
            // the whole width, and the buttons go under it: never cut, never wrapped mid-number
            readonly property real buttonsWidth: change.width + (reveal.visible ? reveal.width + screen.theme.gap / 2 : 0)
            readonly property bool stacked: valueText.implicitWidth > width - buttonsWidth - screen.theme.gap * 3
            height: stacked ? rowCol.implicitHeight + change.height + screen.theme.gap * 2.5
                            : Math.max(rowCol.implicitHeight, screen.theme.target) + screen.theme.gap
            radius: 10
            color: screen.theme.surface
            border.color: screen.theme.border
            Column {
                id: rowCol
                anchors { left: parent.left; right: row.stacked ? parent.right : (reveal.visible ? reveal.left : change.left)
                          top: parent.top; margins: screen.theme.gap
                          topMargin: row.stacked ? screen.theme.gap : (row.height - implicitHeight) / 2 }
                Text { width: parent.width; text: row.label; font.pixelSize: screen.theme.small; color: screen.theme.muted; wrapMode: Text.WordWrap; textFormat: Text.PlainText }
                Text {
                    id: valueText
                    objectName: "reviewValue_" + row.fieldId
                    width: parent.width
                    text: reveal.pressed ? row.plain : row.value
                    font.pixelSize: screen.theme.body
                    color: screen.theme.text
                    wrapMode: Text.WordWrap
                    textFormat: Text.PlainText
                }
            }
            // a masked answer shows itself only while a finger holds this: never left on screen for a bystander
            BigButton {
                id: reveal
                objectName: "reveal_" + row.fieldId
                visible: row.masked
                theme: screen.theme
                primary: false
                anchors { right: change.left; rightMargin: screen.theme.gap / 2; verticalCenter: change.verticalCenter }
                implicitWidth: screen.theme.target * 1.6
                text: qsTr("Hold to show")
            }
            BigButton {
                id: change
                objectName: "edit_" + row.fieldId
                theme: screen.theme
                primary: false
                anchors { right: parent.right; rightMargin: screen.theme.gap / 2; bottom: parent.bottom
                          bottomMargin: row.stacked ? screen.theme.gap : (row.height - height) / 2 }
                implicitWidth: screen.theme.target * 1.6
                text: qsTr("Change")
                onClicked: screen.backend.editPage(row.page)
            }
        }
    }
    Rectangle {
        id: actions
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
        height: col.implicitHeight + screen.theme.gap * 2
        color: screen.theme.bg
        Column {
            id: col
            anchors.centerIn: parent
            width: parent.width - screen.theme.margin * 2
            spacing: screen.theme.gap / 2
            Banner {
                theme: screen.theme
                visible: screen.backend.submitError !== ""
                text: screen.backend.submitError === "storage"
                      ? qsTr("This terminal cannot save applications right now, so nothing was submitted and no receipt was given. Staff have been called: please wait here, or apply at the counter.")
                      : screen.backend.submitError === "clock"
                      ? qsTr("This terminal's clock is wrong, so it cannot give dated receipts right now and nothing was submitted. Staff have been called: please wait here, or apply at the counter.")
                      : qsTr("Your application could not be saved. Nothing was lost: please try again, or ask staff for help.")
            }
            BigButton {
                objectName: "submitButton"
                theme: screen.theme
                anchors.horizontalCenter: parent.horizontalCenter
                width: Math.max(implicitWidth, screen.width * 0.6)
                text: qsTr("Submit application")
                onClicked: screen.backend.submit()
            }
        }
    }
}
