"""Renderers: one module per output format, each turning a Document into the bytes of a file."""
