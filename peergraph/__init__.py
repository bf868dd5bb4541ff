"""peergraph: a knowledge graph of adult social care peer challenge reports."""
