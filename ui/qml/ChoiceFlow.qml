pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls

// Big toggle buttons for a choice: one (single) or several (multi) selected.
Flow {
    id: cf
    required property Theme theme
    property var choices: []        // [{value, label}]
    property var selected: []       // values
    property string fieldId: ""
    signal picked(string value)
    width: parent ? parent.width : 0
    spacing: theme.gap
    Repeater {
        model: cf.choices
        delegate: AbstractButton {
            id: opt
            required property var modelData
            readonly property bool on: cf.selected.indexOf(modelData.value) >= 0
            objectName: "choice_" + cf.fieldId + "_" + modelData.value
            focusPolicy: Qt.NoFocus
            height: cf.theme.target
            width: Math.max(cf.theme.target * 2, optText.implicitWidth + cf.theme.gap * 2 + cf.theme.body * 1.5)
            onClicked: cf.picked(modelData.value)
            background: Rectangle {
                radius: cf.theme.radius
                color: opt.on ? cf.theme.primary : (opt.down ? cf.theme.border : cf.theme.surface)
                border.color: cf.theme.primary
                border.width: 3
            }
            contentItem: Item {
              implicitWidth: optRow.implicitWidth
              implicitHeight: optRow.implicitHeight
              Row {
                id: optRow
                spacing: cf.theme.gap / 3
                anchors.centerIn: parent
                Icon {
                    visible: opt.on
                    name: "check"
                    size: cf.theme.body * 1.1
                    tint: cf.theme.textOnPrimary
                    anchors.verticalCenter: parent.verticalCenter
                }
                Text {
                    id: optText
                    text: opt.modelData.label
                    font.pixelSize: cf.theme.body
                    font.bold: opt.on
                    color: opt.on ? cf.theme.textOnPrimary : cf.theme.primary
                    anchors.verticalCenter: parent.verticalCenter
                }
              }
            }
        }
    }
}
