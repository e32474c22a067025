"""Recognise article text that addresses the model instead of the reader (prompt injection)."""

from __future__ import annotations

import re

# Imperatives aimed at a model: news prose quotes people, it does not order the reader to label claims.
PATTERNS = [
    r"\b(ignore|disregard|forget|override)\b[^.\n]{0,40}\b(instructions?|prompts?|rules|guidelines|system message)\b",
    r"(^|[.!?:\"“]\s*|\b(?:must|should|always|please|now)\s+)(answer|respond|reply|output|return|label|classify|mark|rate)\b[^.\n]{0,60}\b(supported|supports|corroborated|true|verified|contradicted|contradicts|refuted|false|unrelated)\b",
    r"\b(reveal|print|repeat|show|output|disclose)\b[^.\n]{0,30}\b(system )?(prompt|instructions)\b",
    r"\bsystem prompt\b",
    r"\byou are (now )?(an? |the )?(ai|assistant|language model|llm|model|chatbot|fact[- ]checker)\b",
    r"\b(mark|label|classify|treat) (every|all|each) (sentences?|lines?)\b",
    r"\b(ignore|disregard|forget) (everything|all|anything) (above|before|said above)\b",
    r"\b(as an ai|new instructions|developer mode|jailbreak)\b",
    r"</?\s*(data|system|instructions?|im_start|im_end)\s*>",
    r"<\|[a-z_]+\|>",
]
INJECTION = re.compile("|".join(f"(?:{p})" for p in PATTERNS), re.I)


def looks_like_injection(text: str) -> bool:
    """True when the text gives orders to a model (answer SUPPORTED, ignore instructions, reveal the prompt)."""
    return bool(INJECTION.search(text))


def neutralise(text: str) -> str:
    """Text safe to place between <data> delimiters: no delimiter look-alikes, one line."""
    text = re.sub(r"<\s*/?\s*data\s*>", "[data]", text, flags=re.I)
    return " ".join(text.split())
