"""The portfolio: importing the contract register (upload, columns, preview, confirm) and the
promising-contracts list."""
