"""WSGI entry point (``cpom serve`` uses it through waitress; any WSGI server can)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "generator.web.reglages")
application = get_wsgi_application()
