"""One strict structuring layer (cattrs) for knowledge TOML, JSON documents and the store."""
