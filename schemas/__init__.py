"""Marshmallow schemas of the CPOM data: shared fields, the common contract, one module
per variant. Loading a document returns plain dicts (Decimal money, date dates)."""
