"""Storage layer: loading, cleaning, chunking, embedding and hybrid search of articles."""
