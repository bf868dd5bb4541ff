"""peergraph: a knowledge graph of adult social care peer challenge reports."""

__version__ = "0.1.0"
