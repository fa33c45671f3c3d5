"""possouk: the point of sale of a solidarity store selling cooperatives' goods on consignment."""

__version__ = "0.1.0"
