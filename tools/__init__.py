"""Development tools kept in the repository (not installed with peergraph)."""
