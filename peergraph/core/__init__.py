"""The ground layer: errors and settings that every other package may import, and that import none of them."""
