"""borderkg: a knowledge graph of news about migration across the US-Mexico border.

``from kg import KnowledgeGraph`` gives the Python API (:mod:`kg.api`). It is imported
on first use, so ``import kg`` stays cheap: neither spaCy nor pandas load with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.api import KnowledgeGraph

__version__ = "0.1.0"
__all__ = ["KnowledgeGraph", "__version__"]


def __getattr__(name: str) -> Any:
    if name == "KnowledgeGraph":
        from kg.api import KnowledgeGraph

        return KnowledgeGraph
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
