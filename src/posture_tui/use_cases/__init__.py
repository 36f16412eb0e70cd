"""What a clinic does with its records as a whole: move them between stores, fill a demo store."""
