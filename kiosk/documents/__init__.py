"""A4 documents as PDF (ReportLab, CJK font embedded) and their printing through CUPS."""
