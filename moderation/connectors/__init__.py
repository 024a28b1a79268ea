"""Carrying the City's decisions out on the platforms, and recording what the platforms did.

A decision records a `PlatformAction`; `services.platform_action_send` (run by the
`send_platform_action` task, enqueued on commit) calls the site's connector (`clients.py`: the
Meta Graph API for Facebook Pages and Instagram, the YouTube Data API) and keeps the answer as
the action's receipt. What a platform has no interface for, or a site with no working token,
goes to the staff worklist (`/platform-actions/`) and is done by hand."""
