"""Validation: the variant's schema applied to loaded data, every problem at once."""
