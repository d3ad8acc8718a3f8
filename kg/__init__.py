"""borderkg: a knowledge graph of news about migration across the US-Mexico border."""

__version__ = "0.1.0"
