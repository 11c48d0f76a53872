import QtQuick
import Kiosk.Backend

// Home and Back always here, in the same place on every screen; language and large text beside them.
Rectangle {
    id: bar
    required property Theme theme
    required property KioskBackend backend
    readonly property real slot: (width - bar.theme.margin - bar.theme.gap * 3) / 4
    color: theme.surface
    border.color: theme.border
    border.width: 1
    Row {
        anchors { left: parent.left; leftMargin: bar.theme.margin / 2; verticalCenter: parent.verticalCenter }
        spacing: bar.theme.gap
        BigButton {
            objectName: "backButton"
            theme: bar.theme
            width: bar.slot
            vertical: true
            primary: false
            iconName: "back"
            text: qsTr("Back")
            enabled: bar.backend.canGoBack
            onClicked: bar.backend.goBack()
        }
        BigButton {
            objectName: "homeButton"
            theme: bar.theme
            width: bar.slot
            vertical: true
            primary: false
            iconName: "home"
            text: qsTr("Home")
            onClicked: bar.backend.goHome()
        }
        BigButton {
            objectName: "largeTextButton"
            theme: bar.theme
            width: bar.slot
            vertical: true
            primary: bar.backend.largeText
            iconName: "textsize"
            text: qsTr("Large text")
            onClicked: bar.backend.toggleLargeText()
        }
        BigButton {
            objectName: "languageButton"
            theme: bar.theme
            width: bar.slot
            vertical: true
            primary: false
            iconName: "language"
            text: bar.backend.language === "zh_CN" ? "English" : "中文"
            onClicked: bar.backend.setLanguage(bar.backend.language === "zh_CN" ? "en_US" : "zh_CN")
        }
    }
}
