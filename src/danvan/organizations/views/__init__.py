"""Views of organisations, people, and the users and grants that staff manage."""
