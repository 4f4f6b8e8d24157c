"""Fonts for the PDF: finding font files, coverage, CFF → TrueType conversion, resolving a role to faces,
and registering the chosen faces with ReportLab."""
