pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls

// Year, month and day wheels: no typing, no format to get wrong.
Row {
    id: dp
    required property Theme theme
    property string fieldId: ""
    property string value: ""       // YYYY-MM-DD or ""
    property int firstYear: 1900
    property int lastYear: new Date().getFullYear() + 5
    signal changed(string value)
    spacing: theme.gap
    readonly property int year_: value ? parseInt(value.substring(0, 4)) : 1960
    readonly property int month_: value ? parseInt(value.substring(5, 7)) : 1
    readonly property int day_: value ? parseInt(value.substring(8, 10)) : 1

    function pad(n) { return n < 10 ? "0" + n : "" + n }
    function emitValue() {
        var y = dp.firstYear + yT.currentIndex
        var m = mT.currentIndex + 1
        var maxD = new Date(y, m, 0).getDate()
        var d = Math.min(dT.currentIndex + 1, maxD)
        dp.changed(y + "-" + pad(m) + "-" + pad(d))
    }

    component Wheel: Rectangle {
        id: wheel
        property alias tumbler: t
        property int count: 1
        property int base: 1
        property int start: 0
        property string suffix: ""
        width: dp.theme.body * 3.6
        height: dp.theme.target * 2.2
        radius: dp.theme.radius
        color: dp.theme.surface
        border.color: dp.theme.border
        border.width: 2
        Tumbler {
            id: t
            anchors.fill: parent
            model: wheel.count
            visibleItemCount: 3
            currentIndex: wheel.start
            onMovingChanged: if (!moving) dp.emitValue()
            delegate: Text {
                required property int index
                text: (index + wheel.base) + wheel.suffix
                font.pixelSize: dp.theme.body
                horizontalAlignment: Text.AlignHCenter
                verticalAlignment: Text.AlignVCenter
                color: dp.theme.text
                opacity: 1.0 - Math.abs(Tumbler.displacement) / 2
            }
        }
    }
    Wheel { id: yW; objectName: "date_year_" + dp.fieldId; count: dp.lastYear - dp.firstYear + 1; base: dp.firstYear; start: dp.year_ - dp.firstYear; width: dp.theme.body * 4.2 }
    Wheel { id: mW; objectName: "date_month_" + dp.fieldId; count: 12; start: dp.month_ - 1 }
    Wheel { id: dW; objectName: "date_day_" + dp.fieldId; count: 31; start: dp.day_ - 1 }
    readonly property Tumbler yT: yW.tumbler
    readonly property Tumbler mT: mW.tumbler
    readonly property Tumbler dT: dW.tumbler
    BigButton {
        objectName: "date_set_" + dp.fieldId
        anchors.verticalCenter: parent.verticalCenter
        theme: dp.theme
        primary: dp.value === ""
        text: dp.value === "" ? qsTr("Use this date") : qsTr("Set")
        onClicked: dp.emitValue()
    }
}
