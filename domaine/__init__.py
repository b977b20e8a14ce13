"""What validation (``schemas``) and computation (``generator``) both need, below both:
French display formats, the contract calendar, the financial formulas of the variants,
and the official reference data (communes and EPCI, national tarif minimal).

Pure functions and read-only data files; imports neither ``schemas`` nor ``generator``.
"""
