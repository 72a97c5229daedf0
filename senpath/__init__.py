"""senpath: track children with special educational needs through the graduated approach."""

__version__ = "0.1.0"
