"""Councils' action plans: loading them, changing actions, and the spreadsheets peergraph writes."""
