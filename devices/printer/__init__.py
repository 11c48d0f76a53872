"""Receipt printers (ESC/POS) and A4 document printing (CUPS)."""
