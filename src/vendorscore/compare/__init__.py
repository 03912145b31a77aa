"""What changed between two runs: rank moves and point changes, explained leaf by leaf."""
