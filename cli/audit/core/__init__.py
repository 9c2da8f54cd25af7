"""The bottom layer: immutable records with their source, problems as values, and the text toolkit."""
