"""Ingestion: comments and subscriber lists arriving from the platforms by the REST API, the
Meta webhook and file import. Every path validates with `schemas` and writes through
`services`."""
