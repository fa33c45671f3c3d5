"""Receipt printers and cash drawers: layout, image, ESC/POS bytes, transports. No Qt."""
