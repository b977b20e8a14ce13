"""The web application (Django): legal officers draft, check and generate CPOM in their
browser; template maintainers replace Word templates.

An interface like the command line: it calls the façade (``generator.api``) and holds no
rule, no formula and no rendering of its own. ``cpom serve`` starts it
(``generator.web.serveur``).
"""
