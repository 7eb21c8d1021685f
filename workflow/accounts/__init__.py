"""People, their posts, roles and logins."""
