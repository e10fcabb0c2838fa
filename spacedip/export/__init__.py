"""Exporter plugins: the contract, discovery through entry points, and safe file writing."""

from spacedip.export.base import Exporter, ExportFunction, ExportOutput, Option, Stream

__all__ = ["ExportFunction", "ExportOutput", "Exporter", "Option", "Stream"]
