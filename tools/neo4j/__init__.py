"""The Neo4j 5 test server: a Maven-built launcher (pom.xml, src/) and its Python side (launcher.py)."""
