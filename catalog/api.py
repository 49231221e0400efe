"""Read-only JSON API for the catalog (placeholder until the API lands)."""

from ninja import NinjaAPI

api = NinjaAPI(title="certportal API", version="1", docs_url=None)
