"""Reports as plain data: status rows, laggards, history, units; the parallel path and JSON."""
