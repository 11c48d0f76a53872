pragma ComponentBehavior: Bound
import QtQuick

// Year, month and day, each with big − and + keys (the year also by tens): no typing, no format to get
// wrong, and no wheel to drag (a wheel inside a scrolling form takes the page's drags, and one flick moved
// it two years). It opens at the answer, or at this year, so "since 2015" is a few taps away; it wraps to
// more rows in large text, so its button is never cut (issue 15 item 10).
Flow {
    id: dp
    required property Theme theme
    property string fieldId: ""
    property string value: ""       // YYYY-MM-DD or ""
    property int firstYear: 1900
    property int lastYear: new Date().getFullYear() + 5
    signal changed(string value)
    width: parent ? parent.width : 0
    spacing: theme.gap
    property int year_: value ? parseInt(value.substring(0, 4)) : Math.min(lastYear, new Date().getFullYear())
    property int month_: value ? parseInt(value.substring(5, 7)) : 1
    property int day_: value ? parseInt(value.substring(8, 10)) : 1
    readonly property int days: new Date(year_, month_, 0).getDate()

    function pad(n: int): string { return n < 10 ? "0" + n : "" + n }
    function clamp(v: int, lo: int, hi: int): int { return Math.max(lo, Math.min(hi, v)) }
    function step(unit: string, by: int) {
        if (unit === "year") dp.year_ = dp.clamp(dp.year_ + by, dp.firstYear, dp.lastYear)
        // months and days go round (December + 1 is January), as on a calendar
        else if (unit === "month") dp.month_ = (dp.month_ - 1 + by + 12) % 12 + 1
        else dp.day_ = (dp.day_ - 1 + by + dp.days) % dp.days + 1
        dp.day_ = Math.min(dp.day_, dp.days)
    }

    component Unit: Column {
        id: unit
        property string name: ""
        property string caption: ""
        property int shown: 0
        property bool tens: false
        spacing: dp.theme.gap / 4
        Text { text: unit.caption; font.pixelSize: dp.theme.small; color: dp.theme.muted }
        Row {
            spacing: dp.theme.gap / 3
            BigButton {
                visible: unit.tens
                objectName: "date_" + unit.name + "_back10_" + dp.fieldId
                theme: dp.theme; primary: false
                width: dp.theme.target * 1.1; implicitWidth: width
                text: "−10"
                onClicked: dp.step(unit.name, -10)
            }
            BigButton {
                objectName: "date_" + unit.name + "_down_" + dp.fieldId
                theme: dp.theme; primary: false
                width: dp.theme.target; implicitWidth: width
                text: "−"
                onClicked: dp.step(unit.name, -1)
            }
            Rectangle {
                width: dp.theme.body * (unit.tens ? 3.4 : 2.2)
                height: dp.theme.target
                radius: dp.theme.radius
                color: dp.theme.surface
                border.color: dp.theme.border
                border.width: 2
                Text {
                    objectName: "date_" + unit.name + "_" + dp.fieldId
                    anchors.centerIn: parent
                    text: unit.shown
                    font.pixelSize: dp.theme.body
                    font.bold: true
                    color: dp.theme.text
                }
            }
            BigButton {
                objectName: "date_" + unit.name + "_up_" + dp.fieldId
                theme: dp.theme; primary: false
                width: dp.theme.target; implicitWidth: width
                text: "+"
                onClicked: dp.step(unit.name, 1)
            }
            BigButton {
                visible: unit.tens
                objectName: "date_" + unit.name + "_on10_" + dp.fieldId
                theme: dp.theme; primary: false
                width: dp.theme.target * 1.1; implicitWidth: width
                text: "+10"
                onClicked: dp.step(unit.name, 10)
            }
        }
    }
    Unit { name: "year"; caption: qsTr("Year"); shown: dp.year_; tens: true }
    Unit { name: "month"; caption: qsTr("Month"); shown: dp.month_ }
    Unit { name: "day"; caption: qsTr("Day"); shown: dp.day_ }
    BigButton {
        objectName: "date_set_" + dp.fieldId
        theme: dp.theme
        // one name before and after (it no longer renames itself "Set"): chosen dates show as chosen
        readonly property string chosen: dp.year_ + "-" + dp.pad(dp.month_) + "-" + dp.pad(dp.day_)
        primary: dp.value !== chosen
        text: dp.value === chosen ? qsTr("✓ Date chosen") : qsTr("Use this date")
        onClicked: dp.changed(chosen)
    }
}
