"""CUPS: jobs submitted with ``lp`` and followed to their end, for A4 documents and raw receipt queues alike."""
