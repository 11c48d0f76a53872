"""The Qt Quick user interface: QML plus thin Python adapters over the core services."""
