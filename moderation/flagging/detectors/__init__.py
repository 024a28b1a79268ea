"""One module per kind of evidence. Each detector takes a Document and returns candidates."""
