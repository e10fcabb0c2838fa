"""Extraction: from a French article to dated, placed, sourced events."""
