"""Folders put on the sandbox's sys.path so code pasted from the book imports as written."""
