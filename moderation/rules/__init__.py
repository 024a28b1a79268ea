"""Flag rules: the public list and the supervisors' pages to maintain them."""
