from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Newsroom")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .models import secondary_sections, tags
        from .photos import cleanup
        from .reader import signals

        signals.connect()
        cleanup.connect()
        tags.connect()
        secondary_sections.connect()
