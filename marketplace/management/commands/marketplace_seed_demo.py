"""Load the demo data: organisations, users and each app's demo content."""

from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from accounts import demo as accounts_demo


class Command(BaseCommand):
    help = "Create the demo organisations, users and content. Safe to run twice: nothing changes."

    def handle(self, *args, **options):
        context = accounts_demo.seed()
        # Later apps add their demo steps here, in dependency order, each
        # idempotent and taking the context built so far.
        # The demo addresses are invented: in-app notifications are kept,
        # the e-mails the demo workflow triggers are not sent anywhere.
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"
        ):
            for step in self._steps():
                step(context, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write(
            f"All demo accounts use the password: {accounts_demo.DEMO_PASSWORD}"
        )
        for email, name, org_slug, role in accounts_demo.USERS:
            self.stdout.write(f"  {email:<28} {role.label:<7} {org_slug:<20} {name}")

    def _steps(self):
        from listings import demo as listings_demo
        from marketplace import demo as marketplace_demo
        from matching import demo as matching_demo
        from search import demo as search_demo

        return [
            listings_demo.seed,
            matching_demo.seed,
            marketplace_demo.seed,
            search_demo.seed,  # last: the landscape sums up everything above
        ]
