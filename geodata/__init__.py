"""The embedded data folders (one per kabupaten), shipped inside the package as `planner.data`."""
