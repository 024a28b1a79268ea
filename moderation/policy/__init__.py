"""The City's Social Media Policy as the portal encodes it: the categories of removable comment."""
