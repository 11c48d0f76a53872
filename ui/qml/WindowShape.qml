import QtQuick

// The window's shape sets the Theme (a singleton) the same way for both windows: the first frame's and the
// terminal's. Sizes in Theme are for 1080 px across the short side; smaller windows scale down to fit.
Item {
    id: shape
    required property Window window
    Binding { target: Theme; property: "landscape"; value: shape.window.width > shape.window.height }
    Binding {
        target: Theme; property: "fit"
        value: Math.min(1, Math.min(shape.window.width, shape.window.height) / 1080,
                        Math.max(shape.window.width, shape.window.height) / 1920)
    }
}
