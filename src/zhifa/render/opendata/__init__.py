"""The handbook's data as JSON files with published JSON Schemas, for other systems to read."""
