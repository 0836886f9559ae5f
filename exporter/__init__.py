"""exporter: an article's structured content into Word briefings and slide decks, per audience."""

__version__ = "0.1.0"
