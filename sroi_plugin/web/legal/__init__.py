"""Contract changes (the changes panel, the change form and its assessment) and the legal
reviewers' queue where a flagged change gets its decision."""
