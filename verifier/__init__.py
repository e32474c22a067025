"""Verification layer: settings, LLM access, claims, evidence, verdicts, chat and reports."""

__version__ = "0.1.0"
