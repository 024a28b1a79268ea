"""The ingestion REST API (`/api/v1/`), authenticated by per-integration Bearer tokens."""
