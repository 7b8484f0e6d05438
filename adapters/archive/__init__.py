"""Reading the public Reddit archive dumps (Arctic Shift, Pushshift): zstd NDJSON files."""
