pragma ComponentBehavior: Bound
import QtQuick
import Kiosk.Backend

// Take a number for the one-window counters (一窗受理): choose the kind of business.
Item {
    id: screen
    required property Theme theme
    required property CommunityBackend community
    ScrollPage {
        padding: screen.theme.margin
        Column {
            x: screen.theme.margin
            width: screen.width - screen.theme.margin * 2
            spacing: screen.theme.gap
            ScreenTitle {
                theme: screen.theme
                text: qsTr("Take a queue number")
                subtitle: qsTr("Choose what you need at the counter. Your number is printed and called on the screen above the counters.")
            }
            Repeater {
                model: screen.community.businessTypes
                delegate: BigButton {
                    required property var modelData
                    objectName: "queue_" + modelData.code
                    theme: screen.theme
                    primary: false
                    width: parent.width
                    iconName: "queue"
                    text: modelData.code + " · " + modelData.name
                    onClicked: screen.community.takeTicket(modelData.code)
                }
            }
        }
    }
}
