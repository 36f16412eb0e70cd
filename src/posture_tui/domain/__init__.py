"""Plain attrs value classes shared by the engine, the store, the exports and the UI."""
