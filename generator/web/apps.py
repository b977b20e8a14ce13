"""The Django application of the web interface."""

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "generator.web"
    label = "web"
    verbose_name = "CPOM"
    default_auto_field = "django.db.models.BigAutoField"
