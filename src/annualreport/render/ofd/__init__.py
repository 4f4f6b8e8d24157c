"""The OFD format (GB/T 33190-2016): the PDF's pages as data written natively as an OFD package."""

from .writer import NAMESPACE, write_ofd

__all__ = ["NAMESPACE", "write_ofd"]
