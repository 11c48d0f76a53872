pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls

// A count (copies, people in a household) chosen with − and + instead of typed (issue 15 item 13): no
// keyboard to open, nothing out of range to correct afterwards. The number sits between two large keys;
// − stops at the smallest allowed count and + at the largest. An unanswered count says which key to press
// (a dash there read as a minus sign) and the first + gives the smallest count, so the resident always sees
// what they chose.
Row {
    id: stepper
    required property Theme theme
    required property int from
    required property int to
    property string value: ""  // the answer as the form keeps it ("" while unanswered)
    signal picked(string value)
    readonly property bool answered: value !== "" && !isNaN(Number(value))
    readonly property int count: answered ? Number(value) : from
    spacing: theme.gap

    component Step: AbstractButton {
        id: step
        required property string sign
        width: Math.round(stepper.theme.target * 1.4)
        height: stepper.theme.target
        focusPolicy: Qt.NoFocus
        opacity: enabled ? 1.0 : 0.45
        background: Rectangle {
            radius: stepper.theme.radius
            color: step.down ? stepper.theme.primaryPressed : stepper.theme.primary
        }
        contentItem: Text {
            text: step.sign
            font.pixelSize: stepper.theme.huge
            font.bold: true
            color: stepper.theme.textOnPrimary
            horizontalAlignment: Text.AlignHCenter
            verticalAlignment: Text.AlignVCenter
        }
    }

    Step {
        objectName: "stepDown"
        sign: "−"
        Accessible.name: qsTr("Fewer")
        enabled: stepper.answered && stepper.count > stepper.from
        onClicked: stepper.picked(String(stepper.count - 1))
    }
    Rectangle {
        width: Math.round(stepper.theme.target * 1.6)
        height: stepper.theme.target
        radius: stepper.theme.radius
        color: stepper.theme.surface
        border.width: 2
        border.color: stepper.theme.border
        Text {
            objectName: "stepValue"
            anchors.fill: parent
            text: stepper.answered ? String(stepper.count) : qsTr("Tap +")
            font.pixelSize: stepper.answered ? stepper.theme.title : stepper.theme.small
            font.bold: stepper.answered
            color: stepper.answered ? stepper.theme.text : stepper.theme.muted
            horizontalAlignment: Text.AlignHCenter
            verticalAlignment: Text.AlignVCenter
        }
    }
    Step {
        objectName: "stepUp"
        sign: "+"
        Accessible.name: qsTr("More")
        enabled: !stepper.answered || stepper.count < stepper.to
        onClicked: stepper.picked(String(stepper.answered ? stepper.count + 1 : stepper.from))
    }
}
