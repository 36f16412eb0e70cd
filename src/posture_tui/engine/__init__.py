"""The clinical core: findings to flags, flags to a layered plan and a home program."""
