"""Template tooling for maintainers: the linter (``cpom templates check``), a
département's own folder (``templates new``), the field reference (``cpom schema``), the
preview (``cpom preview``) and the text of a DOCX (golden texts, ``git diff``)."""
