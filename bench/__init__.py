"""The benchmark: synthetic datasets and the measurements of issue 6 (``python -m bench.run``)."""
