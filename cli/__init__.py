"""The ``zhenggai`` command line: an edge like ``web``, so it may import web, workflow and notifiers."""
