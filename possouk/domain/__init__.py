"""Plain-Python rules of the store: money, quantities, barcodes, text, errors.

Nothing here imports another possouk package, a database or a GUI toolkit.
"""
