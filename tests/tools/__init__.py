"""Tools the tests use, copied into the repository so that a clone runs its tests on its own.

pdfgrid.py is shared/tools/pdfgrid.py, unchanged: measures a PDF against the GB/T 9704 page grid.
"""
