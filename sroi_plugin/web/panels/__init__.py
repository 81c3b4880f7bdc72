"""Contract panels a host embeds next to its contract (overview, clauses, history) and the
panel registry with the Jinja helpers that place them (:mod:`.registry`)."""
