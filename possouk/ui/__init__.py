"""The window (Qt Widgets): the only package that imports PySide6."""
