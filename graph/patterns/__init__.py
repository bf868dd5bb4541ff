"""Recurring patterns: the library, tagging with sentence embeddings, curation, discovery and analytics."""
