"""The prompt templates (*.j2): data, read by verifier/prompts.py; no code."""
