"""The edge: untrusted files to validated records, every problem located."""
