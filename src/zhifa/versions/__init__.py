"""A regulation over time: what changed between two versions, and from which head line a version dates."""
