"""Copies of documents from document-camera photographs: find, straighten, clean, check, compress, seal.

Pure numpy + OpenCV, no device and no Qt: the CLI (``kiosk doc scan``), the resident flow
and the benchmarks all call the same functions.
"""
