"""Command modules: each registers its commands on ``senpath.cli.app`` when imported."""
