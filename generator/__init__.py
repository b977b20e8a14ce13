"""The CPOM generator: contract data → validated, computed contract → Word and PDF
documents, from each département's Word templates.

One way through the stages (``load`` → ``validate`` → ``compute`` → ``render`` →
``output``), one contract at a time (``contract``) or a whole campaign (``campaign``);
``api`` is the façade the command line (``cli``), the web application and the tests call.
See docs/architecture.md.
"""
