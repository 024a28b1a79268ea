"""Public records (CPRA): requests, deadlines, redactions, disclosure packages."""
