"""Django settings, read from the environment that ``cpom serve`` sets.

``CPOM_DONNEES``: the data folder (SQLite database, contracts' images, generated
documents), created when missing; ``CPOM_DATABASE_URL`` (or ``DATABASE_URL``): another
database (PostgreSQL); ``CPOM_HOTE``: the address the server is bound to (login rules);
``CPOM_HOTES_AUTORISES`` / ``CPOM_ORIGINES``: host names and origins behind a reverse
proxy; ``CPOM_PROXY=1``: trust the proxy's ``X-Forwarded-Proto``; ``CPOM_HTTPS=1``:
secure cookies (served over HTTPS only).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

ICI = Path(__file__).resolve().parent
DONNEES = Path(os.environ.get("CPOM_DONNEES") or "donnees-cpom").resolve()
DONNEES.mkdir(parents=True, exist_ok=True)
HOTE = os.environ.get("CPOM_HOTE", "127.0.0.1")
LOCAL = HOTE in ("127.0.0.1", "localhost", "::1")


def _secret() -> str:
    """The secret key: from the environment, else a file of the data folder (created once,
    readable by its owner only)."""
    if os.environ.get("CPOM_SECRET"):
        return os.environ["CPOM_SECRET"]
    fichier = DONNEES / "secret.txt"
    if not fichier.is_file():
        fichier.touch(mode=0o600)
        fichier.write_text(secrets.token_urlsafe(50), encoding="utf-8")
    return fichier.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret()
DEBUG = os.environ.get("CPOM_DEBUG_WEB") == "1"
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("CPOM_HOTES_AUTORISES", "").split(",")
                 if h.strip()] or ["127.0.0.1", "localhost", "[::1]", "testserver",
                                    *([HOTE] if HOTE not in ("0.0.0.0", "::") else ["*"])]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CPOM_ORIGINES", "").split(",")
                        if o.strip()]
if os.environ.get("CPOM_PROXY") == "1":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True
if os.environ.get("CPOM_HTTPS") == "1":  # served over HTTPS only: cookies never in clear
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "generator.web.apps.WebConfig",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "generator.web.acces.LimiteEnvoi",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "generator.web.acces.Acces",
]
ROOT_URLCONF = "generator.web.urls"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [],
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
        "generator.web.acces.contexte",
    ]},
}]
WSGI_APPLICATION = "generator.web.wsgi.application"

_URL = os.environ.get("CPOM_DATABASE_URL") or os.environ.get("DATABASE_URL")
DATABASES = {"default": dj_database_url.parse(_URL, conn_max_age=60) if _URL else {
    "ENGINE": "django.db.backends.sqlite3",
    "NAME": str(DONNEES / "cpom.sqlite3"),
    "OPTIONS": {"timeout": 30},
    "TEST": {"NAME": str(DONNEES / "test.sqlite3")},
}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
]
LOGIN_URL = "connexion"
LOGIN_REDIRECT_URL = "contrats"
LOGOUT_REDIRECT_URL = "connexion"

LANGUAGE_CODE = "fr-fr"
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DONNEES / "static"
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = True  # no collectstatic step: files served from the package
WHITENOISE_AUTOREFRESH = DEBUG

# Uploads: a form's fields (a large contract has hundreds), files on disk past 2 Mo.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_TEMP_DIR = None
LIMITE_REQUETE = 30 * 1024 * 1024  # a request larger than this is refused (413)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "SAMEORIGIN"  # the PDF is shown in a frame of the application
SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"generator.web": {"handlers": ["console"], "level": "INFO"}},
}
CSRF_FAILURE_VIEW = "generator.web.erreurs.csrf"
