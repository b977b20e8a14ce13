"""Derived figures for the templates: pure functions of validated data, no I/O.

Each variant has a ``calculer(donnees) -> contexte`` function; the context holds the
validated data unchanged plus a ``calcul`` block with everything derived.
"""
