"""Reports into the graph: deterministic ids, typed rows from a parsed report, the loader, reference data."""
