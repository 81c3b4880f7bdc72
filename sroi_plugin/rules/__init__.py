"""The domain, pure Python: guide (handreiking) and procurement-law rules.

Nothing here imports Flask, SQLAlchemy, openpyxl or does I/O beyond reading the
package's own data tables. Every rule names its source in its docstring.
"""
