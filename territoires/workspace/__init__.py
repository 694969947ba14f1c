"""A signed-in person's workspace ("Mon espace"): what they pilot or follow, what waits for
them, the recent changes on their territories, and their notifications and digests."""
