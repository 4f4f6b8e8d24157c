"""What every renderer shares: dispatch of a node to ``render_<kind>``, the same error for a kind it lacks."""

from __future__ import annotations

from typing import Any, ClassVar

from ..document import NODE_KINDS
from ..errors import RenderError


class Renderer:
    """Base of the format renderers: one ``render_<kind>(node)`` method per node kind (see ``document/nodes.py``).

    Subclasses set ``format_name`` (used in messages) and define the methods; what a method returns is the
    subclass's business (the Word renderer appends to its document, the PDF renderer returns blocks for its paginator).
    """

    format_name: ClassVar[str] = "?"
    """The format in messages: "Word", "PDF"."""

    @classmethod
    def missing_methods(cls) -> list[str]:
        """The ``render_<kind>`` methods this renderer lacks, one per declared node kind it cannot draw."""
        return [f"render_{kind}" for kind in NODE_KINDS if not callable(getattr(cls, f"render_{kind}", None))]

    def render_node(self, node: object) -> Any:
        """Hand ``node`` to the method for its kind; a node of no declared kind, or one this renderer has no
        method for, raises RenderError — never skipped."""
        kind = getattr(type(node), "kind", None)
        if not isinstance(kind, str) or NODE_KINDS.get(kind) is not type(node):
            known = ", ".join(NODE_KINDS)
            raise RenderError(f"the {self.format_name} renderer got a {type(node).__name__!r}, which is no node kind ({known})")
        method = getattr(self, f"render_{kind}", None)
        if method is None:
            raise RenderError(f"the {self.format_name} renderer has no render_{kind} for {type(node).__name__!r} nodes")
        return method(node)
