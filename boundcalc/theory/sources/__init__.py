"""Bibliographic records of the catalogue's sources. The entries themselves are data: ``../catalogue/*.toml``."""
