import QtQuick
import QtQuick.Controls
import Kiosk.Backend

// Home and Back always here, the idle countdown always here; language and large text beside them.
Rectangle {
    id: bar
    required property Theme theme
    required property KioskBackend backend
    color: theme.surface
    border.color: theme.border
    border.width: 1
    Row {
        anchors { left: parent.left; leftMargin: bar.theme.margin / 2; verticalCenter: parent.verticalCenter }
        spacing: bar.theme.gap
        BigButton {
            objectName: "backButton"
            theme: bar.theme
            primary: false
            iconName: "back"
            text: qsTr("Back")
            enabled: bar.backend.canGoBack
            onClicked: bar.backend.goBack()
        }
        BigButton {
            objectName: "homeButton"
            theme: bar.theme
            primary: false
            iconName: "home"
            text: qsTr("Home")
            onClicked: bar.backend.goHome()
        }
    }
    Row {
        anchors { right: parent.right; rightMargin: bar.theme.margin / 2; verticalCenter: parent.verticalCenter }
        spacing: bar.theme.gap
        Text {
            objectName: "idleCountdown"
            visible: bar.backend.countdownVisible
            text: bar.backend.idleRemaining + qsTr(" s")
            color: bar.theme.accent
            font.pixelSize: bar.theme.title
            font.bold: true
            anchors.verticalCenter: parent.verticalCenter
        }
        BigButton {
            objectName: "largeTextButton"
            theme: bar.theme
            primary: bar.backend.largeText
            iconName: "textsize"
            text: qsTr("Large text")
            onClicked: bar.backend.toggleLargeText()
        }
        BigButton {
            objectName: "languageButton"
            theme: bar.theme
            primary: false
            text: bar.backend.language === "zh_CN" ? "English" : "中文"
            implicitWidth: bar.theme.target * 2
            onClicked: bar.backend.setLanguage(bar.backend.language === "zh_CN" ? "en_US" : "zh_CN")
        }
    }
}
