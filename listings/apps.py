from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ListingsConfig(AppConfig):
    name = "listings"
    verbose_name = _("Listings")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from accounts.models import Organization
        from config import page_cache

        from .models import IPCCode, StrategicField

        # What pages show besides the listings themselves: owner names, IPC
        # titles, field labels. Their bulk writes call labels_changed too.
        for model in (Organization, IPCCode, StrategicField):
            for signal in (post_save, post_delete):
                signal.connect(
                    page_cache.labels_changed,
                    sender=model,
                    dispatch_uid=f"page-labels-{model._meta.label_lower}-{signal}",
                )
