import QtQuick
import QtQuick.VirtualKeyboard

// How Qt's on-screen keyboard looks for residents, set through the built-in style's own properties (no copy
// of the style to keep in step with Qt):
// * large text enlarges the keyboard by the theme's factor (issue 15 item 9): every size in the style is
//   its design size times scaleHint, and scaleHint is the keyboard's width over the design width, so a
//   design width smaller by the factor makes the key labels, the Pinyin candidates and the keys' height
//   grow by exactly that factor while the keyboard keeps the width Main.qml gives it;
// * the space bar names the input language in full contrast (item 13): the style fades it to half opacity
//   a second after every language change (3.1:1 on its grey key), which a weak eye cannot read; in high
//   contrast the grey keys (space, shift, back, enter) darken so their labels reach 7:1.
Item {
    id: look
    required property InputPanel panel
    required property Theme theme
    readonly property real designWidth: 2560  // the built-in default style's keyboardDesignWidth
    readonly property var style: panel.keyboard.style
    visible: false

    Binding {
        when: look.style !== null
        target: look.style
        property: "keyboardDesignWidth"
        value: look.designWidth / look.theme.textFactor
    }
    Binding {
        when: look.style !== null && look.theme.contrast
        target: look.style
        property: "primaryLightColor"
        value: look.theme.keyboardFunctionKey
    }
    Connections {
        target: look.style
        function onInputLocaleIndicatorOpacityChanged() {
            if (look.style.inputLocaleIndicatorOpacity < 1)
                look.style.inputLocaleIndicatorOpacity = 1
        }
    }
}
