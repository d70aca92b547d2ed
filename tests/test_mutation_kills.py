"""Tests written to kill the mutants that `make mutate` found surviving in the modules whose output is law on paper.

Each expected value comes from the regulations' YAML, the source text of a regulation, or a computation done here
independently of the code under test.
"""
