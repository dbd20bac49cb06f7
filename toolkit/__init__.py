"""teikit: a TEI P5 scholarly edition toolkit.

The package is a library first; :mod:`toolkit.cli` is a thin click layer over it.
"""

__version__ = "0.1.0"
