"""Monitoring: the contract's monitoring panel and upload, its evaluation, and the portfolio's
monitoring dashboard."""
