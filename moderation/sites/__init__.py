"""Sites (the City's official pages) and designations: who may moderate which site."""
