"""Local store, outbox and the sync client that talks to the platform hub. Never imports Qt."""
