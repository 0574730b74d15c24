"""Template helpers of the listing pages, the dashboard block and the home page."""

from django import template

from accounts.constants import OrganizationKind
from accounts.selectors import organization_list_for_user

from ..constants import ListingStatus
from ..selectors import listing_status_counts

register = template.Library()


@register.simple_tag
def listing_summaries(user) -> list[dict]:
    """Per listing-owning organisation of the user: counts by status."""
    if not (user and user.is_authenticated):
        return []
    rows = []
    organizations = organization_list_for_user(user=user).filter(
        kind=OrganizationKind.UNIVERSITY
    )
    for organization in organizations.order_by("name_ja"):
        counts = listing_status_counts(organization=organization)
        rows.append(
            {
                "organization": organization,
                "total": sum(counts.values()),
                "counts": [
                    (value, label, counts[value])
                    for value, label in ListingStatus.choices
                    if counts[value]
                ],
            }
        )
    return rows
