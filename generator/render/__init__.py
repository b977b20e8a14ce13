"""Rendering: the one engine that turns a computed context into DOCX bytes, for every
entry point (generate, preview, campaign, web).

``context`` makes the values safe (text sanitised, images read and sized), ``filters``
is the sandboxed Jinja environment with the French filters, ``engine`` prepares each
Word template once per process and file version and renders it at the zip level,
``docxtpl_adapter`` holds every use of docxtpl's internals, ``docx_zip`` writes
deterministic zips.
"""
