"""Input and output shapes of API v1 (they also make the OpenAPI document): one module
per domain, the shared pieces in `common`."""
