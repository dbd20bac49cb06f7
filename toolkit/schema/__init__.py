"""RELAX NG grammar handling: an in-memory model of a grammar, pruning to the
names a document uses, the edition's ODD compiler and the Jing engine.

The public validation API is :mod:`toolkit.rng`; this package holds its parts.
"""
