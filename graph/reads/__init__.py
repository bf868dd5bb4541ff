"""Reads of the graph as typed read models, shared by the API, the web pages and the briefs."""
