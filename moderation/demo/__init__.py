"""Demo data for `make run` (`manage.py seed_demo`, in the order of settings.DEMO_SEEDERS)."""
