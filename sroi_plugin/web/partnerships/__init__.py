"""The partnership workspace: partnerships and their steps, people and roles, the matrix and
tasks, meetings with agenda and actions, brainstorms. Shared lookups and access rules live in
:mod:`.access`, the forms in :mod:`.forms`."""
