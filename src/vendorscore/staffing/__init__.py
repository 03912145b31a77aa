"""A demand profile and a vendor to a staffing plan and its `derived.*` fields."""
