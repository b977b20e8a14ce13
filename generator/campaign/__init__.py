"""Campaigns: every selected service of an appel à candidatures from one workbook
(``cpom bulk``): the run, its report and state, and the blank workbook of a variant."""
