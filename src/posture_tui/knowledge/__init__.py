"""The clinical knowledge base: data files shipped in the package, their model and loader."""
