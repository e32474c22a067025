"""How a passage bears on a claim: alignment cues, figures, the classifier, verdicts."""
