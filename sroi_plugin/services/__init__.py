"""Services: what sits between the pure rules and the web views.

They read the database and the settings, build the rules' input from stored rows and form
text, and keep memoised tables; the views and the CLI call them, the rules never do.
"""
