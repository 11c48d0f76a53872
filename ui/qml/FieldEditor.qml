pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import Kiosk.Backend

// One question of a form, drawn by its type from the definition.
Column {
    id: fe
    required property Theme theme
    required property KioskBackend backend
    required property string fieldId
    required property string type
    required property string label
    required property string hint
    required property bool required
    required property string value
    required property var values
    required property bool checked
    required property string error
    required property var choices
    required property string keypad
    required property bool negative  // a number that may go below zero: its keypad has a sign key
    required property bool sensitive
    required property string displayValue
    required property bool readOnly
    required property var raw
    required property var steps  // [smallest, largest] of a count chosen with − and + (Stepper), else []

    objectName: "field_" + fieldId
    width: parent ? parent.width : 0
    spacing: theme.gap / 2

    readonly property bool counted: steps.length === 2
    readonly property bool textual: ["text", "number", "phone", "id_number", "email"].indexOf(type) >= 0 && !counted

    // label (text inputs draw their own)
    Text {
        visible: !fe.textual && fe.type !== "note"
        width: fe.width
        text: fe.label + (fe.required ? "" : qsTr(" (optional)"))
        font.pixelSize: fe.theme.body
        font.bold: true
        color: fe.theme.text
        wrapMode: Text.WordWrap
        textFormat: Text.PlainText
    }
    Text {
        visible: !fe.textual && fe.hint !== ""
        width: fe.width
        text: fe.hint
        font.pixelSize: fe.theme.small
        color: fe.theme.muted
        wrapMode: Text.WordWrap
        textFormat: Text.PlainText
    }

    Loader {
        width: fe.width
        sourceComponent: {
            switch (fe.type) {
            case "number": return fe.counted ? stepperC : textC
            case "text": case "phone": case "id_number": case "email": return textC
            case "long_text": return longTextC
            case "single_choice": return singleC
            case "multiple_choice": return multiC
            case "searchable_choice": return searchableC
            case "yes_no": return yesNoC
            case "consent": return consentC
            case "date": return dateC
            case "signature": return signatureC
            case "address": return addressC
            case "note": return noteC
            case "calculate": return calcC
            }
            return noteC
        }
    }

    Component {
        id: textC
        KioskField {
            objectName: "input_" + fe.fieldId
            theme: fe.theme
            width: fe.width
            label: fe.label + (fe.required ? "" : qsTr(" (optional)"))
            hint: fe.hint
            keypad: fe.keypad
            negative: fe.negative
            error: fe.error
            locked: fe.readOnly
            // a sensitive answer (ID number...) is masked whenever the resident is not editing it
            Component.onCompleted: text = fe.sensitive ? fe.displayValue : fe.value
            input.onActiveFocusChanged: text = (input.activeFocus || !fe.sensitive) ? fe.value : fe.displayValue
            onEdited: (t) => fe.backend.setFieldValue(fe.fieldId, t)
        }
    }
    Component {
        id: stepperC
        Stepper {
            objectName: "stepper_" + fe.fieldId
            theme: fe.theme
            from: fe.steps[0]
            to: fe.steps[1]
            value: fe.value
            onPicked: (v) => fe.backend.setFieldValue(fe.fieldId, v)
        }
    }
    Component {
        id: longTextC
        TextArea {
            objectName: "input_" + fe.fieldId
            width: fe.width
            height: fe.theme.target * 2.4
            font.pixelSize: fe.theme.body
            wrapMode: TextEdit.Wrap
            Component.onCompleted: text = fe.value
            onTextChanged: if (activeFocus) fe.backend.setFieldValue(fe.fieldId, text)
            background: Rectangle {
                radius: 10
                color: fe.theme.surface
                border.width: fe.error !== "" ? 4 : 2
                border.color: fe.error !== "" ? fe.theme.error : fe.theme.border
            }
        }
    }
    Component {
        id: singleC
        ChoiceFlow {
            theme: fe.theme
            width: fe.width
            fieldId: fe.fieldId
            choices: fe.choices
            selected: fe.value ? [fe.value] : []
            onPicked: (v) => fe.backend.setFieldValue(fe.fieldId, v)
        }
    }
    Component {
        id: multiC
        ChoiceFlow {
            theme: fe.theme
            width: fe.width
            fieldId: fe.fieldId
            choices: fe.choices
            selected: fe.values
            onPicked: (v) => fe.backend.toggleChoice(fe.fieldId, v)
        }
    }
    Component {
        id: yesNoC
        ChoiceFlow {
            theme: fe.theme
            width: fe.width
            fieldId: fe.fieldId
            choices: [{ value: "yes", label: qsTr("Yes") }, { value: "no", label: qsTr("No") }]
            selected: fe.raw === true ? ["yes"] : fe.raw === false ? ["no"] : []
            onPicked: (v) => fe.backend.setFieldValue(fe.fieldId, v === "yes")
        }
    }
    Component {
        id: consentC
        Column {
            width: fe.width
            spacing: fe.theme.gap / 2
            Rectangle {
                width: fe.width
                height: Math.min(policy.implicitHeight + fe.theme.gap * 2, fe.theme.target * 3)
                radius: 10
                color: fe.theme.surface
                border.color: fe.theme.border
                clip: true
                Flickable {
                    anchors.fill: parent
                    anchors.margins: fe.theme.gap
                    contentHeight: policy.implicitHeight
                    Text {
                        id: policy
                        width: parent.width
                        text: fe.backend.fieldLookups.policyText(fe.fieldId)
                        font.pixelSize: fe.theme.small
                        color: fe.theme.text
                        wrapMode: Text.WordWrap
                        textFormat: Text.PlainText
                    }
                }
            }
            ChoiceFlow {
                theme: fe.theme
                width: fe.width
                fieldId: fe.fieldId
                choices: [{ value: "agree", label: qsTr("I have read this and agree") }]
                selected: fe.raw === true ? ["agree"] : []
                onPicked: fe.backend.setFieldValue(fe.fieldId, fe.raw !== true)
            }
        }
    }
    Component {
        id: dateC
        DatePicker {
            theme: fe.theme
            fieldId: fe.fieldId
            value: fe.value
            onChanged: (v) => fe.backend.setFieldValue(fe.fieldId, v)
        }
    }
    Component {
        id: signatureC
        SignaturePad {
            theme: fe.theme
            width: fe.width
            onChanged: (v) => fe.backend.setFieldValue(fe.fieldId, v)
        }
    }
    Component {
        id: searchableC
        Column {
            width: fe.width
            spacing: fe.theme.gap / 2
            property string filter: ""
            TextField {
                objectName: "filter_" + fe.fieldId
                width: fe.width
                height: fe.theme.target
                font.pixelSize: fe.theme.body
                placeholderText: fe.displayValue !== "" ? fe.displayValue : qsTr("Type to find your choice")
                // the theme's colours, not the style's (its grey example text is 3.0:1; white in high contrast)
                placeholderTextColor: fe.theme.muted
                color: fe.theme.text
                background: Rectangle {
                    radius: 10
                    color: fe.theme.surface
                    border.width: 2
                    border.color: fe.theme.border
                }
                onTextEdited: parent.filter = text
            }
            ChoiceFlow {
                theme: fe.theme
                width: fe.width
                fieldId: fe.fieldId
                choices: fe.backend.fieldLookups.filterChoices(fe.fieldId, parent.filter)
                selected: fe.value ? [fe.value] : []
                onPicked: (v) => fe.backend.setFieldValue(fe.fieldId, v)
            }
        }
    }
    Component {
        id: addressC
        Column {
            width: fe.width
            spacing: fe.theme.gap / 2
            readonly property bool fromCard: typeof fe.raw === "string" && fe.raw !== ""
            readonly property var picked: (fe.raw && typeof fe.raw === "object") ? fe.raw : ({ district: "", street: "", detail: "" })
            Text {
                visible: parent.fromCard
                width: fe.width
                text: fe.displayValue
                font.pixelSize: fe.theme.body
                color: fe.theme.text
                wrapMode: Text.WordWrap
            }
            BigButton {
                visible: parent.fromCard
                theme: fe.theme
                primary: false
                text: qsTr("I live somewhere else")
                onClicked: fe.backend.setFieldValue(fe.fieldId, { district: "", street: "", detail: "" })
            }
            ChoiceFlow {
                visible: !parent.fromCard
                theme: fe.theme
                width: fe.width
                fieldId: fe.fieldId + "_district"
                choices: fe.backend.fieldLookups.addressDistricts()
                selected: [parent.picked.district]
                onPicked: (v) => fe.backend.setFieldValue(fe.fieldId, { district: v, street: "", detail: parent.picked.detail || "" })
            }
            ChoiceFlow {
                visible: !parent.fromCard && parent.picked.district !== ""
                theme: fe.theme
                width: fe.width
                fieldId: fe.fieldId + "_street"
                choices: parent.picked.district ? fe.backend.fieldLookups.addressStreets(parent.picked.district) : []
                selected: [parent.picked.street]
                onPicked: (v) => fe.backend.setFieldValue(fe.fieldId, { district: parent.picked.district, street: v, detail: parent.picked.detail || "" })
            }
            KioskField {
                objectName: "detail_" + fe.fieldId
                visible: !parent.fromCard && parent.picked.street !== ""
                theme: fe.theme
                width: fe.width
                label: qsTr("Building, unit and room")
                Component.onCompleted: text = parent.picked.detail || ""
                onEdited: (t) => fe.backend.setFieldValue(fe.fieldId, { district: parent.picked.district, street: parent.picked.street, detail: t })
            }
        }
    }
    Component {
        id: noteC
        Rectangle {
            width: fe.width
            height: noteText.implicitHeight + fe.theme.gap * 1.5
            radius: 10
            color: fe.theme.contrast ? Theme.black : Theme.fieldChosenBg
            border.color: fe.theme.border
            Text {
                id: noteText
                anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter; margins: fe.theme.gap }
                text: fe.label + (fe.hint ? "\n" + fe.hint : "")
                font.pixelSize: fe.theme.body
                color: fe.theme.text
                wrapMode: Text.WordWrap
                textFormat: Text.PlainText
            }
        }
    }
    Component {
        id: calcC
        Text {
            width: fe.width
            text: fe.displayValue
            font.pixelSize: fe.theme.body
            color: fe.theme.text
            wrapMode: Text.WordWrap
        }
    }

    Row {
        visible: !fe.textual && fe.error !== ""
        spacing: fe.theme.gap / 3
        Icon { name: "warning"; size: fe.theme.body; tint: fe.theme.error }
        Text {
            objectName: "error_" + fe.fieldId
            width: fe.width - fe.theme.body - fe.theme.gap
            text: fe.error
            font.pixelSize: fe.theme.body
            color: fe.theme.error
            wrapMode: Text.WordWrap
        }
    }
}
