"""Claims out of articles: sentence gate, check-worthiness, attribution, figures."""
