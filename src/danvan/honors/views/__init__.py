"""The honours pages; one module per part."""
